/// A knowledge tool as an MCP client sees it: its name, what it is for, and the JSON Schemas of its
/// arguments and of its structured result.
public struct KnowledgeTool: Sendable {
    public let name: String
    public let title: String
    public let description: String
    /// The JSON Schema of the arguments (an object).
    public let inputSchema: KnowledgeValue
    /// The JSON Schema of the structured result (an object).
    public let outputSchema: KnowledgeValue

    /// The names of the arguments the tool takes.
    var argumentNames: [String] { (inputSchema["properties"]?.objectValue ?? [:]).keys.sorted() }

    /// Every tool, in the order clients list them.
    public static let all: [KnowledgeTool] = [
        KnowledgeTool(name: "search", title: "Search the portal",
                      description: "Full-text search over every page (breakouts, tutorials, starter-kit steps, resources), ranked as the site's own search ranks it. Every word must match; the last word also matches the words it starts; a misspelt word is corrected.",
                      input: ["query": string("The words to look for."),
                              "kind": string("Only pages of this kind: breakout, tutorial, series, step, resource, page, section, home."),
                              "area": string("Only pages of this breakout area (its id, e.g. agentic-ai)."),
                              "tag": string("Only pages with this tag."),
                              "limit": ["type": "integer", "minimum": 1, "maximum": 50, "description": "At most this many results (10 when absent)."]],
                      required: ["query"],
                      output: ["query": ["type": "string"], "corrected_query": nullableString, "total": ["type": "integer"],
                               "results": list(card(extra: ["score": ["type": "number"], "snippet": ["type": "string"]]))]),
        KnowledgeTool(name: "get_page", title: "Read a page",
                      description: "A page as Markdown (its twin, index.md on the site) with its front-matter fields. The id is a catalog key such as tutorial/jet-tagging, a portal:// address, or an id only one page has.",
                      input: ["id": string("The page: tutorial/jet-tagging, portal://tutorials/jet-tagging or jet-tagging.")], required: ["id"],
                      output: card(extra: ["front_matter": ["type": "object"], "markdown": ["type": "string"]])["properties"]?.objectValue ?? [:]),
        KnowledgeTool(name: "list_resources", title: "List resources",
                      description: "The curated resources (papers, datasets, benchmarks, software, training, agents, events), filtered as on the resources page; for agents, skills and MCP servers also by kind and transport.",
                      input: ["type": ["type": "string", "enum": .array(FrontMatterSchema.resourceTypes.map(KnowledgeValue.string)), "description": "Only resources of this type."],
                              "area": string("Only resources of this breakout area."), "tag": string("Only resources with this tag."),
                              "category": string("Only resources in this category or below it (e.g. Software or Software/Analysis tools)."),
                              "kind": ["type": "string", "enum": .array(FrontMatterSchema.agentKinds.map(KnowledgeValue.string)),
                                       "description": "Only agents of this kind: an agent, a skill, an MCP server or a benchmark harness."],
                              "transport": ["type": "string", "enum": .array(FrontMatterSchema.transports.map(KnowledgeValue.string)),
                                            "description": "Only agents and servers a client talks to this way."]],
                      required: [],
                      output: ["resources": list(card(extra: ["type": nullableString, "link": nullableString, "category": nullableString, "kind": nullableString,
                                                              "areas": list(["type": "string"]), "tags": list(["type": "string"]),
                                                              "transport": list(["type": "string"]),
                                                              "download_url": ["type": ["string", "null"], "description": "A skill's files as one ZIP archive, relative to the site root."]]))]),
        KnowledgeTool(name: "list_tutorials", title: "List tutorials",
                      description: "The tutorials with their level, series, duration, areas and prerequisites, filtered as on the tutorials page.",
                      input: ["level": ["type": "string", "enum": .array(FrontMatterSchema.levels.map(KnowledgeValue.string)), "description": "Only tutorials of this level."],
                              "area": string("Only tutorials of this breakout area."), "series": string("Only the parts of this series (its id).")],
                      required: [],
                      output: ["tutorials": list(card(extra: ["level": nullableString, "series": nullableString, "duration_minutes": ["type": ["integer", "null"]],
                                                              "areas": list(["type": "string"]), "prerequisites": list(card())]))]),
        KnowledgeTool(name: "starter_kit", title: "The newcomer starter kit",
                      description: "The starter kit's steps in order, each with the tutorials and resources it points to.",
                      input: [:], required: [],
                      output: ["steps": list(card(extra: ["step": ["type": "integer"], "tutorials": list(card()), "resources": list(card())]))]),
        KnowledgeTool(name: "breakouts", title: "The breakout areas",
                      description: "The working areas: core theme, key needs, near-term actions, conveners, and the tutorials, steps and resources that name each.",
                      input: [:], required: [],
                      output: ["breakouts": list(card(extra: ["theme": [:], "needs": [:], "actions": [:], "conveners": [:],
                                                              "tutorials": list(card()), "steps": list(card()), "resources": list(card())]))]),
        KnowledgeTool(name: "related", title: "Pages related to a page",
                      description: "What a page is connected to, in both directions: prerequisites and what requires it, its series, its areas, the pages linking to it (backlinks) and citing it.",
                      input: ["id": string("The page: tutorial/jet-tagging, portal://tutorials/jet-tagging or jet-tagging.")], required: ["id"],
                      output: ["page": card(), "backlinks": list(card()), "areas": list(card())]),
    ]

    private init(name: String, title: String, description: String, input: [String: KnowledgeValue], required: [String], output: [String: KnowledgeValue]) {
        self.name = name
        self.title = title
        self.description = description
        inputSchema = ["type": "object", "properties": .object(input), "required": .array(required.map(KnowledgeValue.string)), "additionalProperties": false]
        outputSchema = ["type": "object", "properties": .object(output), "required": .array(output.keys.sorted().map(KnowledgeValue.string))]
    }

    private static func string(_ description: String) -> KnowledgeValue { ["type": "string", "description": .string(description)] }
    private static let nullableString: KnowledgeValue = ["type": ["string", "null"]]
    private static func list(_ items: KnowledgeValue) -> KnowledgeValue { ["type": "array", "items": items] }

    /// The schema of a page's card, with `extra` properties.
    private static func card(extra: [String: KnowledgeValue] = [:]) -> KnowledgeValue {
        var properties: [String: KnowledgeValue] = ["id": ["type": "string", "description": "The catalog key, kind/id."], "kind": ["type": "string"],
                                                    "title": ["type": "string"], "summary": nullableString,
                                                    "url": ["type": "string", "description": "The page's address, relative to the site's root."],
                                                    "uri": ["type": "string", "description": "The page as a resource: portal://…"]]
        let required = properties.keys.sorted()
        properties.merge(extra) { _, new in new }
        return ["type": "object", "properties": .object(properties), "required": .array(required.map(KnowledgeValue.string))]
    }
}
