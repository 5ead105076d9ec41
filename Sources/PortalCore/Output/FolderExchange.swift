#if canImport(Glibc)
import Glibc
#endif

/// Swaps two folders in one step with Linux's `renameat2(…, RENAME_EXCHANGE)`, so that at every
/// instant each path holds one complete folder: a build killed at any point leaves the output whole.
///
/// Swift's Glibc module does not declare `renameat2` (it needs `_GNU_SOURCE`), so it is looked up
/// at run time; where it or the file system's support is missing, callers fall back to two renames.
enum FolderExchange {
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32

    /// `RENAME_EXCHANGE` from `<linux/fs.h>`.
    private static let exchangeFlag: UInt32 = 1 << 1

    private static let renameat2: RenameAt2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    /// Exchanges the folders at `first` and `second` atomically; returns false when this system
    /// or file system cannot, and throws when it could but refused (permissions, an immutable folder).
    static func exchange(_ first: String, _ second: String) throws -> Bool {
        guard let renameat2 else { return false }
        if renameat2(AT_FDCWD, first, AT_FDCWD, second, exchangeFlag) == 0 { return true }
        let code = errno
        if code == ENOSYS || code == EINVAL || code == ENOTSUP { return false }
        throw FileOutput.Failure(path: second, code: code)
    }
}
