import Foundation

/// Rewrites the links of a page's lines through `ImportLinks`, one line at a time, so that each
/// note names the line it came from (a definition brought in from `_includes/links.md` is noted
/// there, while its address is read from the page, as Jekyll reads it).
struct CarpentriesLinkRewriting {
    let links: ImportLinks
    /// The page the links are read from, relative to the source folder.
    let page: String

    /// The lines with their links rewritten, the files they need (each once), the notes and the
    /// number of images.
    func rewrite(_ lines: [CarpentriesLine]) -> (lines: [CarpentriesLine], files: [ImportedFile], notes: [ImportNote], figures: Int) {
        var out = lines
        var files: [ImportedFile] = []
        var seen = Set<String>()
        var notes: [ImportNote] = []
        var figures = 0
        var fence = CarpentriesFence()
        for index in out.indices {
            let line = out[index]
            if fence.isCode(Substring(line.text)) { continue }
            let result = links.rewrite(line.text, file: page, lineOffset: line.line - 1)
            out[index].text = result.text
            figures += result.figures
            for file in result.files where seen.insert(file.sourcePath).inserted { files.append(file) }
            notes += result.notes.map { note in
                var moved = note
                moved.file = line.file
                return moved
            }
        }
        return (out, files, notes, figures)
    }
}
