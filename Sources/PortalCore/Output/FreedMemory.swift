#if canImport(Glibc)
import Glibc
#endif

/// Hands the memory a build has let go of back to the system, after the steps that let go of most.
///
/// Release builds allocate through jemalloc, which keeps freed pages for about ten seconds to reuse
/// them. The pages that held the file texts and the twins' bodies are freed just before the pages
/// are rendered, and the HTML bodies while they are, but they held objects of other sizes than the
/// cards, refs and search terms made next, so they were kept beside those: purging them before,
/// during (every `pagesBetweenReleases` pages) and after rendering lowers the peak (measured in
/// docs/architecture.md, "Performance techniques"). jemalloc's `mallctl` is found at run time;
/// without it (debug builds use the C library's allocator) this does nothing.
enum FreedMemory {
    private typealias Control = @convention(c) (UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?,
                                                UnsafeMutableRawPointer?, Int) -> Int32

    private static let control: Control? = dlsym(nil, "mallctl").map { unsafeBitCast($0, to: Control.self) }

    /// How many pages are rendered between two releases while the HTML bodies are let go of.
    /// jemalloc hands freed pages back by itself only after seconds, so without these releases the
    /// peak varied with the timing from one run to the next.
    static let pagesBetweenReleases = 2048

    /// Returns the freed pages of every jemalloc arena to the system.
    static func release() {
        // 4096 is MALLCTL_ARENAS_ALL: every arena.
        if let control { _ = control("arena.4096.purge", nil, nil, nil, 0) }
    }
}
