import Foundation
/// Reader-facing names for front-matter values.
enum Labels {
    /// `Beginner` for `beginner`.
    static func level(_ level: String) -> String {
        level.prefix(1).uppercased() + level.dropFirst()
    }

    /// The name of one resource of `type`.
    static func resourceType(_ type: String) -> String {
        switch type {
        case "paper": return "Paper"
        case "dataset": return "Dataset"
        case "benchmark": return "Benchmark"
        case "software": return "Software"
        case "training": return "Training"
        case "agent": return "Agent or skill"
        case "event": return "Event"
        default: return type
        }
    }

    /// The name of what an agent resource is (`kind:`).
    static func agentKind(_ kind: String) -> String {
        switch kind {
        case "agent": return "Agent"
        case "skill": return "Skill"
        case "mcp-server": return "MCP server"
        case "benchmark-harness": return "Benchmark harness"
        default: return kind
        }
    }

    /// How a client talks to an agent or server (`transport:`).
    static func transport(_ transport: String) -> String {
        switch transport {
        case "stdio": return "standard input and output (stdio)"
        case "http": return "HTTP"
        default: return transport
        }
    }

    /// The heading of a group of resources of `type`.
    static func resourceGroup(_ type: String) -> String {
        switch type {
        case "paper": return "Papers"
        case "dataset": return "Datasets"
        case "benchmark": return "Benchmarks"
        case "software": return "Software"
        case "training": return "Training"
        case "agent": return "Agents and skills"
        case "event": return "Events"
        default: return type
        }
    }

    /// The default title of a section without an `_index.md`.
    static func section(_ folder: String) -> String {
        switch folder {
        case "breakouts": return "Breakouts"
        case "tutorials": return "Tutorials"
        case "starter-kit": return "Starter kit"
        case "resources": return "Resources"
        default: return folder
        }
    }

    /// A title made from an id: `agentic-basics` becomes `Agentic basics`.
    static func humanize(_ id: String) -> String {
        let words = TextSearch.replacing("-", with: " ", in: id)
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}

extension Labels {
    /// A kernel language as people write it (`python` → Python, `r` → R, `c++` → C++).
    static func language(_ name: String) -> String {
        switch name.lowercased() {
        case "python", "python3", "ipython", "ipython3": "Python"
        case "r": "R"
        case "julia": "Julia"
        case "c++", "cpp", "c++17", "c++20": "C++"
        case "bash", "sh": "Bash"
        default: name
        }
    }
}
