import Foundation

/// What a build stopped by SIGINT or SIGTERM removes before the process exits. It is called from
/// the thread that handles the signal while the build's own threads may still be writing.
public enum BuildInterruption {
    /// Removes this process's staging folder beside `output`, and puts back the previous site if
    /// the build stopped between the two renames of a swap.
    public static func removeStaging(besides output: URL) {
        SiteWriter.removeOwnStaging(of: output)
    }

    /// Removes `output` itself and what is kept beside it (the cache, this process's staging
    /// folder): the preview server's temporary output.
    public static func removeOutput(_ output: URL) {
        SiteWriter.removeOwnStaging(of: output)
        SiteWriter.removeOutput(output)
    }
}
