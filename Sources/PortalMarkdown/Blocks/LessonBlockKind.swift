/// The kinds of lesson block a body can hold: the vocabulary of the Carpentries Workbench (`challenge`,
/// `solution`, `callout`, …) and of admonitions (`note`, `tip`, `warning`, …), which GitHub's alerts
/// (`> [!NOTE]`) share; `video`, a figure that links to a video or shows its player; and tabs
/// (`tab-set` holding `tab-item`s), as sphinx-design and MkDocs Material's content tabs write them.
public enum LessonBlockKind: String, CaseIterable, Sendable {
    case callout, challenge, exercise, solution, hint, discussion, checklist, prereq, testimonial
    case keypoints, objectives, questions, instructor, spoiler
    case note, tip, important, warning, caution
    case video
    case tabSet = "tab-set"
    case tabItem = "tab-item"

    /// Other names lessons use for these kinds: MyST's and Sphinx's admonitions (`:::{seealso}`),
    /// the Workbench's spelling variants.
    static let aliases: [String: LessonBlockKind] = [
        "admonition": .callout, "seealso": .note, "attention": .important, "danger": .caution, "error": .caution,
        "dropdown": .spoiler, "prerequisite": .prereq, "prerequisites": .prereq, "keypoint": .keypoints,
        "objective": .objectives, "question": .questions, "hints": .hint, "solutions": .solution,
    ]

    /// The kind a block name stands for (case does not matter), or nil.
    public init?(name: String) {
        let lowered = name.lowercased()
        if let kind = LessonBlockKind(rawValue: lowered) ?? Self.aliases[lowered] {
            self = kind
        } else {
            return nil
        }
    }

    /// Every name a block can be given, for suggestions.
    static let allNames: [String] = allCases.map(\.rawValue) + aliases.keys.sorted()

    /// The words shown on the block, which say its kind in text (not by colour or icon alone).
    public var label: String {
        switch self {
        case .callout: "Callout"
        case .challenge: "Challenge"
        case .exercise: "Exercise"
        case .solution: "Solution"
        case .hint: "Hint"
        case .discussion: "Discussion"
        case .checklist: "Checklist"
        case .prereq: "Prerequisite"
        case .testimonial: "Testimonial"
        case .keypoints: "Key points"
        case .objectives: "Objectives"
        case .questions: "Questions"
        case .instructor: "Instructor note"
        case .spoiler: "Spoiler"
        case .note: "Note"
        case .tip: "Tip"
        case .important: "Important"
        case .warning: "Warning"
        case .caution: "Caution"
        case .video: "Video"
        case .tabSet: "Tabs"
        case .tabItem: "Tab"
        }
    }

    /// Whether the block is one of tabs: a set, or an item of one. Neither is a box with a head;
    /// a kramdown attribute line or an alert cannot make one.
    public var isTab: Bool { self == .tabSet || self == .tabItem }

    /// Whether the block is closed until the reader opens it: what would give an answer away, and
    /// what is meant for the instructor.
    public var isCollapsed: Bool {
        switch self {
        case .solution, .hint, .spoiler, .instructor: true
        default: false
        }
    }

    /// The kind GitHub's alert marker names (`[!NOTE]` … `[!CAUTION]`, any case), or nil.
    static func alert(_ marker: Substring) -> LessonBlockKind? {
        guard marker.hasPrefix("[!"), marker.hasSuffix("]") else { return nil }
        switch marker.dropFirst(2).dropLast().uppercased() {
        case "NOTE": return .note
        case "TIP": return .tip
        case "IMPORTANT": return .important
        case "WARNING": return .warning
        case "CAUTION": return .caution
        default: return nil
        }
    }
}
