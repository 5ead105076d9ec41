import Foundation

/// A resource's category: a path of names from the broadest to the narrowest, written with `/`
/// between them (`Classification/Jet images`), as the HEPML Living Review nests its list.
///
/// Each name is a heading on the category page and a line of the tree beside the filters, so the
/// path is kept short and shallow: a tree deeper than a few levels no longer reads as a list.
enum CategoryPath {
    /// The most names a path may hold.
    static let maximumDepth = 4
    /// The most characters one name may have.
    static let maximumNameLength = 60

    /// What a valid path looks like, for messages.
    static let phrase = "a category path such as 'Classification/Jet images': up to \(maximumDepth) names separated by '/'"

    /// The path as written, each name trimmed and joined by `/`, or why it is not a valid path
    /// (the message, and a fix when one is clear).
    static func normalized(_ text: String) -> Result<String, CategoryProblem> {
        guard !text.trimmingScalars(ScalarTrimming.isWhitespace).isEmpty else {
            return .failure(CategoryProblem(message: "the category is empty", fix: "write \(phrase), or leave the field out"))
        }
        let names = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingScalars(ScalarTrimming.isWhitespace) }
        if names.contains(where: \.isEmpty) {
            let kept = names.filter { !$0.isEmpty }
            return .failure(CategoryProblem(message: "'\(text)' has an empty name between its '/'",
                                            fix: kept.isEmpty ? "write \(phrase)" : "write '\(kept.joined(separator: "/"))'"))
        }
        if names.count > maximumDepth {
            return .failure(CategoryProblem(message: "'\(text)' is \(names.count) levels deep; a category may be at most \(maximumDepth)",
                                            fix: "write '\(names.prefix(maximumDepth).joined(separator: "/"))', or merge two levels"))
        }
        if let long = names.first(where: { $0.count > maximumNameLength }) {
            return .failure(CategoryProblem(message: "the category name '\(long.prefix(24))…' is \(long.count) characters long; a name may be at most \(maximumNameLength)",
                                            fix: "shorten it to a few words"))
        }
        return .success(names.joined(separator: "/"))
    }

    /// The path of the category holding `path`, nil for a top-level one.
    static func parent(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    /// The last name of `path`, which its heading shows.
    static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The filters' value of `path`: each name made an id, joined by `/`
    /// (`classification/jet-images`); a word the address bar keeps as it is.
    static func token(of path: String) -> String {
        path.split(separator: "/").map { name in
            let id = PageID.suggest(from: String(name))
            return id.isEmpty ? "-" : id
        }.joined(separator: "/")
    }

    /// The filters' values of a resource in category `path`: the path's and every parent's, so
    /// that a parent's filter keeps the resources below it.
    static func tokens(of path: String) -> String {
        // Every resource card asks for its path's tokens: an ASCII path, as most are, is cut at its
        // slashes' bytes and each name made an id once, where the general way below makes every
        // parent's names ids again and finds slashes character by character.
        let names = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        if path.utf8.allSatisfy({ $0 < 0x80 }), !names.contains(where: \.isEmpty) {
            var tokens: [UInt8] = []
            var prefix: [UInt8] = []
            for name in names {
                let id = PageID.suggest(from: String(decoding: name, as: UTF8.self))
                if !prefix.isEmpty { prefix.append(UInt8(ascii: "/")) }
                prefix += id.isEmpty ? [UInt8(ascii: "-")] : Array(id.utf8)
                if !tokens.isEmpty { tokens.append(UInt8(ascii: " ")) }
                tokens += prefix
            }
            return String(decoding: tokens, as: UTF8.self)
        }
        var tokens: [String] = []
        var current: String? = path
        while let category = current {
            tokens.insert(token(of: category), at: 0)
            current = parent(of: category)
        }
        return tokens.joined(separator: " ")
    }

    /// How many names `path` holds.
    static func depth(of path: String) -> Int {
        path.split(separator: "/").count
    }
}

/// Why a text is not a category path.
struct CategoryProblem: Error, Sendable {
    let message: String
    let fix: String?
}
