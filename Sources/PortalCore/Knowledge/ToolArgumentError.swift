/// A knowledge tool's argument that is missing, of the wrong type or names nothing: reported to the
/// caller as a protocol error (invalid params) naming the argument, with the closest name when
/// there is one.
public struct ToolArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The argument at fault (`id`, `limit`, …), or the tool's name for an unknown tool.
    public let argument: String
    /// What is wrong, in plain words.
    public let message: String
    /// The closest valid value, for "did you mean".
    public let suggestion: String?

    public init(argument: String, message: String, suggestion: String? = nil) {
        self.argument = argument
        self.message = message
        self.suggestion = suggestion
    }

    /// `argument 'id': no page is named 'jet-taging'; did you mean 'jet-tagging'?`
    public var description: String {
        "argument '\(argument)': \(message)" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
    }
}
