extension ContextShape {
    /// Where `value` does not match this shape: keys the documentation does not list, or values of the wrong kind.
    ///
    /// Keys may be absent (an empty value is simply left out); keys that are present must be documented.
    func mismatches(in value: TemplateValue, path: String = "") -> [String] {
        switch (self, value) {
        case (.any, _), (.text, .text), (.text, .number), (.html, .text), (.flag, .flag):
            return []
        case (.list(let item), .list(let items)):
            return items.enumerated().flatMap { item.mismatches(in: $0.element, path: "\(path)[\($0.offset)]") }
        case (.object(let members), .record(let record)):
            return record.keys.filter { $0 != TemplateValue.fragmentKey }.sorted().flatMap { key -> [String] in
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard let member = members[key], let child = record[key] else { return ["\(childPath) is not documented"] }
                return member.mismatches(in: child, path: childPath)
            }
        default:
            return ["\(path) should be \(self), found \(value)"]
        }
    }
}
