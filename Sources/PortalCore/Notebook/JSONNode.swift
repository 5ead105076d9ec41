/// A JSON value read from a file, with the position of its first character.
struct JSONNode: Sendable {
    /// What the value is.
    enum Kind: Sendable {
        case null
        case bool(Bool)
        case number(JSONNumber)
        // Boxed: a string carries its source map, and numbers and literals should not pay for its size.
        indirect case string(JSONString)
        case array([JSONNode])
        case object(JSONObject)
    }

    let kind: Kind
    /// Where the value starts (its quote, bracket, brace, sign, digit or letter).
    let position: FilePosition

    /// The string, if the value is one.
    var string: JSONString? {
        if case .string(let string) = kind { return string }
        return nil
    }

    /// The members, if the value is an object.
    var object: JSONObject? {
        if case .object(let object) = kind { return object }
        return nil
    }

    /// The items, if the value is an array.
    var array: [JSONNode]? {
        if case .array(let items) = kind { return items }
        return nil
    }

    /// The value as an `Int`, if it is a number written as an integer that fits.
    var integer: Int? {
        if case .number(let number) = kind { return number.integer }
        return nil
    }

    /// What the value is, in words for a message: "a string", "an object".
    var typeName: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// A JSON number, kept as written so that no digit is lost before someone asks for a type.
struct JSONNumber: Sendable, Hashable {
    /// The number's text in the file.
    let literal: String

    /// The number as an `Int`, if it is written without fraction or exponent and fits.
    var integer: Int? { Int(literal) }
    /// The number as a `Double` (infinite when out of range, as JSON leaves that to the reader).
    var double: Double? { Double(literal) }
}

/// A JSON object's members in the order written, a repeated name keeping only its last value.
struct JSONObject: Sendable {
    /// One `"name": value` pair.
    struct Member: Sendable {
        let key: JSONString
        let value: JSONNode
    }

    let members: [Member]

    /// The value of the member named `key`.
    ///
    /// Objects in notebooks are small and read for a few names each, so a scan costs less than an index.
    subscript(key: String) -> JSONNode? {
        members.first { $0.key.equals(key) }?.value
    }

    /// The member named `key`, with its name's position.
    func member(_ key: String) -> Member? {
        members.first { $0.key.equals(key) }
    }
}
