import Foundation

/// The library's table of special inline characters, kept constant (see `MarkdownRenderer`).
enum SpecialCharacters {
    private typealias Manage = @convention(c) (OpaquePointer?, Int32) -> Void

    /// The library's own definition, which `portalManageExtensionsSpecialCharacters` replaces for the whole process.
    private static let libraryManage: Manage? = {
        // RTLD_NEXT: the next definition after this executable's, the library's.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -1), "cmark_manage_extensions_special_characters") else { return nil }
        return unsafeBitCast(symbol, to: Manage.self)
    }()

    /// Whether the library's function can be called to add characters.
    static var addsToLibraryTable: Bool { libraryManage != nil }

    /// Set once the library has called the replacement: by the probe parse in
    /// `MarkdownRenderer.parsesConcurrently`, the first of the process, before any other.
    nonisolated(unsafe) static var interposed = false

    /// The replacement: adds the characters (always the same ones, so concurrent calls write the
    /// values the table already holds) and never removes them.
    static func manage(_ parser: OpaquePointer?, add: Int32) {
        if !interposed { interposed = true }
        guard add != 0 else { return }
        libraryManage?(parser, add)
    }
}

/// The process's definition of the library's `cmark_manage_extensions_special_characters`.
@_cdecl("cmark_manage_extensions_special_characters")
public func portalManageExtensionsSpecialCharacters(_ parser: OpaquePointer?, _ add: Int32) {
    SpecialCharacters.manage(parser, add: add)
}
