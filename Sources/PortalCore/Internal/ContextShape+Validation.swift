extension ContextShape {
    /// Where `value` does not match this shape: keys the documentation does not list, or values of the wrong kind.
    ///
    /// Keys may be absent (an empty value is simply left out); keys that are present must be documented.
    func mismatches(in value: Any, path: String = "") -> [String] {
        switch self {
        case .any:
            return []
        case .text:
            return value is String || value is Int ? [] : ["\(path) should be text, found \(type(of: value))"]
        case .html:
            return value is String ? [] : ["\(path) should be HTML text, found \(type(of: value))"]
        case .flag:
            return value is Bool ? [] : ["\(path) should be true/false, found \(type(of: value))"]
        case .list(let item):
            guard let items = value as? [Any] else { return ["\(path) should be a list, found \(type(of: value))"] }
            return items.enumerated().flatMap { item.mismatches(in: $0.element, path: "\(path)[\($0.offset)]") }
        case .object(let members):
            guard let dictionary = value as? [String: Any] else { return ["\(path) should be a record, found \(type(of: value))"] }
            return dictionary.keys.sorted().flatMap { key -> [String] in
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard let member = members[key], let child = dictionary[key] else { return ["\(childPath) is not documented"] }
                return member.mismatches(in: child, path: childPath)
            }
        }
    }
}
