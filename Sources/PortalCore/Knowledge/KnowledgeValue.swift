/// A JSON value crossing the boundary of the knowledge tools: their arguments, structured results
/// and schemas. Public so that a transport (the MCP layer of `portal mcp`) can map it to its own
/// JSON type without PortalCore knowing that transport.
public enum KnowledgeValue: Sendable, Equatable, Codable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case array([KnowledgeValue])
    case object([String: KnowledgeValue])
    case null

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: KnowledgeValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, KnowledgeValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, new in new }))
    }

    /// The catalog's JSON as a knowledge value.
    init(_ value: JSONValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .number(let number): self = .integer(number)
        case .bool(let flag): self = .bool(flag)
        case .array(let items): self = .array(items.map(KnowledgeValue.init))
        case .object(let members): self = .object(members.mapValues(KnowledgeValue.init))
        case .null: self = .null
        }
    }

    /// A string, or nil for null (the catalog's optional fields).
    static func optional(_ text: String?) -> KnowledgeValue { text.map(KnowledgeValue.string) ?? .null }

    /// The text of a string value.
    public var stringValue: String? { if case .string(let text) = self { text } else { nil } }
    /// The members of an object value.
    public var objectValue: [String: KnowledgeValue]? { if case .object(let members) = self { members } else { nil } }
    /// The items of an array value.
    public var arrayValue: [KnowledgeValue]? { if case .array(let items) = self { items } else { nil } }

    /// The strings of an array value, or of a single string (a front-matter list written as one value).
    var strings: [String] {
        switch self {
        case .string(let text): [text]
        case .array(let items): items.compactMap(\.stringValue)
        default: []
        }
    }

    /// A member of an object value.
    subscript(key: String) -> KnowledgeValue? { objectValue?[key] }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Int.self) { self = .integer(number) }
        else if let number = try? container.decode(Double.self) { self = .double(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let items = try? container.decode([KnowledgeValue].self) { self = .array(items) }
        else { self = .object(try container.decode([String: KnowledgeValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .integer(let number): try container.encode(number)
        case .double(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        case .null: try container.encodeNil()
        }
    }
}
