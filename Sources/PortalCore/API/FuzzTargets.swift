import Foundation
import PortalMarkdown
import PortalMath
import Yams

/// Entry points for the libFuzzer targets in `Fuzz/` and for the tests that replay what they found
/// (`Tests/PortalTests/Fixtures/fuzz/`).
///
/// Each runs one stage of the build on arbitrary bytes, exactly as the build calls it, and returns
/// the properties that input broke (empty when all hold). A fuzz target stops the process when the
/// list is not empty, so libFuzzer keeps the input; a crash is a finding by itself. The interface
/// is SPI (`@_spi(Fuzzing) import PortalCore`): nothing else should call it.
@_spi(Fuzzing)
public enum FuzzTargets {
    /// Splits the bytes as a content file and decodes the front-matter against every kind's schema
    /// and the site settings' schema; every diagnostic must point into the file.
    public static func frontMatter(_ bytes: [UInt8]) -> [String] {
        // Files that are not UTF-8 are refused before splitting (content.encoding).
        guard let raw = String(validating: bytes, as: UTF8.self) else { return [] }
        let text = FrontMatterSplitter.normalise(raw)
        let source = SourceText(displayPath: "content/fuzz.md", text: text)
        var violations: [String] = []
        switch FrontMatterSplitter.split(text, source: source) {
        case .failure(let diagnostic):
            violations += positionProblems([diagnostic], in: text)
        case .success(let document):
            let precedingLines = text.utf8.dropLast(document.body.utf8.count).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            if !text.hasSuffix(document.body) || (!document.body.isEmpty && precedingLines != document.bodyFirstLine - 1) {
                violations.append("the body does not start on line \(document.bodyFirstLine)")
            }
            violations += expansionProblems(document.yaml, source: source, firstLine: document.yamlFirstLine)
            let schemas = [ContentKind.page, .breakout, .tutorial, .step, .resource].map(FrontMatterSchema.forKind) + [.site]
            for schema in schemas {
                var diagnostics: [Diagnostic] = []
                _ = FrontMatterDecoder(schema: schema, source: source, firstLine: document.yamlFirstLine).decode(document.yaml, diagnostics: &diagnostics)
                violations += positionProblems(diagnostics, in: text)
            }
        }
        return violations
    }

    /// Renders the bytes as the body of a tutorial in a small site, with every link resolved; the
    /// HTML and the Markdown twin must hold nothing executable, and every diagnostic must point into the body.
    public static func markdown(_ bytes: [UInt8]) -> [String] {
        let body = String(decoding: bytes, as: UTF8.self)
        let site = FuzzSite(body: body)
        let (rendered, _, diagnostics) = MarkdownStage(allowsRawHTML: false, themeIDs: []).render(site.body, at: 0, pages: site.pages, index: site.index)
        var violations = MarkupAudit(html: rendered.html).problems.map { "HTML: \($0)" }
        violations += positionProblems(diagnostics, in: site.body.source?.text ?? "", from: site.pages[0].bodyFirstLine)
        violations += twinProblems(rendered.markdown ?? "")
        // Code blocks are highlighted by hand-written scanners: each must end and escape whatever it is given.
        for language in ["python", "shell", "console", "c", "cpp", "swift", "yaml", "json", "toml", "ini", "dockerfile", "cmake", "makefile", "diff", "sql", "julia", "fortran", "f77", "r"] {
            let html = SyntaxHighlighter.highlight(body, language: language) ?? ""
            violations += MarkupAudit(html: html).problems.map { "\(language) highlighting: \($0)" }
            if html.contains("<") && html.replacingOccurrences(of: "<span class=\"hl-[a-z]+\">|</span>", with: "", options: .regularExpression).contains("<") {
                violations.append("\(language) highlighting wrote markup other than its spans")
            }
        }
        return violations
    }

    /// Renders the bytes as the body of a tutorial in a small site that allows raw HTML: whatever
    /// tags the body writes, and however blank lines cut them, the page must hold nothing
    /// executable, and every diagnostic must point into the body.
    public static func rawHTML(_ bytes: [UInt8]) -> [String] {
        let site = FuzzSite(body: String(decoding: bytes, as: UTF8.self))
        let (rendered, _, diagnostics) = MarkdownStage(allowsRawHTML: true, themeIDs: []).render(site.body, at: 0, pages: site.pages, index: site.index)
        var violations = MarkupAudit(html: rendered.html).problems.map { "HTML: \($0)" }
        violations += positionProblems(diagnostics, in: site.body.source?.text ?? "", from: site.pages[0].bodyFirstLine)
        return violations
    }

    /// Resolves the bytes as a link and as an image destination on a tutorial of a small site, and
    /// writes them as twin text; an address that comes out must stay inside the site and run nothing.
    public static func links(_ bytes: [UInt8]) -> [String] {
        let destination = String(decoding: bytes, as: UTF8.self)
        let site = FuzzSite(body: "")
        var violations: [String] = []
        for kind in [MarkdownLink.Kind.link, .image] {
            var resolver = LinkResolver(pageIndex: 0, pages: site.pages, index: site.index, source: site.body.source)
            let result = resolver.resolve(MarkdownLink(destination: destination, kind: kind, text: "text", line: 1, column: 1))
            if let result {
                if ScriptURL.refusedScheme(in: result) != nil { violations.append("resolved to a script address: \(result)") }
                if result.hasPrefix("/") { violations.append("resolved to a root-relative address: \(result)") }
                let path = String(result.prefix { $0 != "?" && $0 != "#" })
                if SitePath.resolve(path.removingPercentEncoding ?? path, against: site.pages[0].outputDirectory) == nil {
                    violations.append("resolved outside the site: \(result)")
                }
            } else if resolver.diagnostics.isEmpty, !WebAddress.isExternal(destination), ScriptURL.refusedScheme(in: destination) == nil,
                      !(destination.first == "#" || destination.first == "?") {
                violations.append("a local link was kept unchecked: \(destination)")
            }
        }
        if WebAddress.isValid(destination), let scheme = ScriptURL.refusedScheme(in: destination) {
            violations.append("a valid front-matter address has the \(scheme): scheme")
        }
        // Front-matter text written into generated Markdown must read back as text.
        let line = "- [\(MarkdownEscaping.inline(destination))](a.md): \(MarkdownEscaping.inline(destination))\n\ntitle: \(MarkdownEscaping.yamlScalar(destination))\n"
        violations += twinProblems(line, expectedLinks: ["a.md"])
        return violations
    }

    /// YAML that passes the alias limits must compose to a tree that, with every alias expanded, holds
    /// no more values than the limit allows beyond the ones written out: the limits' estimate may be
    /// too large, never too small.
    static func expansionProblems(_ yaml: String, source: SourceText, firstLine: Int) -> [String] {
        guard FrontMatterLimits.check(yaml, source: source, firstLine: firstLine) == nil,
              let root = try? Yams.compose(yaml: yaml, .basic, .default, .utf8) else { return [] }
        // Without aliases a YAML text cannot hold more values than it has bytes (plus the document).
        let allowed = FrontMatterLimits.maximumExpansion + 2 * yaml.utf8.count + 2
        var budget = allowed
        func count(_ node: Node) {
            guard budget >= 0 else { return }
            budget -= 1
            switch node {
            case .scalar, .alias: return
            case .sequence(let sequence): sequence.forEach(count)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    count(key)
                    count(value)
                }
            }
        }
        count(root)
        return budget < 0 ? ["the aliases expand to more than \(allowed) values, yet passed the limits"] : []
    }

    /// Converts the bytes as TeX, inline and as display math, on one page (so macros carry over):
    /// the MathML must be well-formed, use only MathML Core's elements and no inline style, stay
    /// within a bound proportional to the input, and every error must point into the input.
    public static func math(_ bytes: [UInt8]) -> [String] {
        let tex = String(decoding: bytes, as: UTF8.self)
        var converter = MathConverter()
        var violations: [String] = []
        for display in [false, true] {
            let result = converter.convert(tex, display: display)
            let mathML = result.resolvingReferences { _ in "1" }
            violations += MathMLShape.problems(in: mathML).map { "\(display ? "display" : "inline"): \($0)" }
            // Each input byte may become an element with its escapes; macros are bounded by the converter.
            if mathML.utf8.count > 4_096 + 2_048 * tex.utf8.count {
                violations.append("\(mathML.utf8.count) bytes of MathML for \(tex.utf8.count) bytes of TeX")
            }
            for error in result.errors where error.offset < 0 || error.offset > tex.utf8.count || error.offset + error.length > tex.utf8.count {
                violations.append("an error (\(error.kind.rawValue)) at byte \(error.offset)+\(error.length), outside the \(tex.utf8.count) bytes")
            }
        }
        return violations
    }

    /// Reads the bytes as a script that makes a content folder (`f PATH`, `d PATH`, `l PATH TARGET`
    /// for a symbolic link to anything) beside a folder of secrets, and lists it as the build does:
    /// every file listed must resolve inside the content folder, whatever the links.
    public static func contentTree(_ bytes: [UInt8]) -> [String] {
        let manager = FileManager.default
        let sandbox = manager.temporaryDirectory.appendingPathComponent("portal-fuzz-tree-\(getpid())-\(UUID().uuidString.prefix(8))")
        let root = sandbox.appendingPathComponent("content")
        defer { try? manager.removeItem(at: sandbox) }
        do {
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
            try manager.createDirectory(at: sandbox.appendingPathComponent("outside/folder"), withIntermediateDirectories: true)
            try Data("secret".utf8).write(to: sandbox.appendingPathComponent("outside/secret.md"))
        } catch {
            return []
        }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n").prefix(64) {
            let words = line.split(separator: " ", maxSplits: 2).map(String.init)
            // The script makes entries only inside the content folder; where links point is free.
            guard words.count >= 2, words[1].utf8.count < 200, !words[1].hasPrefix("/"), !words[1].split(separator: "/").contains(".."),
                  !words[1].contains("\0") else { continue }
            let url = root.appendingPathComponent(words[1])
            try? manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            switch words[0] {
            case "f": _ = manager.createFile(atPath: url.path, contents: Data("ok".utf8))
            case "d": try? manager.createDirectory(at: url, withIntermediateDirectories: true)
            case "l" where words.count == 3 && !words[2].contains("\0"):
                // A target naming the sandbox stands for the absolute path of the folder beside the content.
                try? manager.createSymbolicLink(atPath: url.path, withDestinationPath: words[2].replacingOccurrences(of: "$SANDBOX", with: sandbox.path))
            default: continue
            }
        }
        let tree = ContainedTree(root: root)
        guard let resolvedRoot = ContainedTree.realPath(root.path) else { return ["the content folder does not resolve"] }
        var violations: [String] = []
        for file in tree.files {
            guard let resolved = ContainedTree.realPath(root.path + "/" + file) else {
                violations.append("listed \(file), which does not resolve")
                continue
            }
            if !ContainedTree.isInside(resolved, root: resolvedRoot) { violations.append("listed \(file), which is \(resolved), outside the content folder") }
        }
        if Set(tree.files).count != tree.files.count { violations.append("listed a file twice") }
        return violations
    }

    /// Problems of generated Markdown read by a renderer that lets raw HTML through: markup that
    /// would run, or links other than `expectedLinks` (when given) or with refused schemes.
    static func twinProblems(_ markdown: String, expectedLinks: [String]? = nil) -> [String] {
        var recorder = DestinationRecorder()
        let rendered = MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: true)).render(markdown, resolver: &recorder)
        var violations = MarkupAudit(html: rendered.html).problems.map { "Markdown twin: \($0)" }
        for destination in recorder.destinations where ScriptURL.refusedScheme(in: destination) != nil {
            violations.append("Markdown twin links to \(destination)")
        }
        // GitHub's autolinks (www., http(s)://, ftp:// and e-mail addresses in text) are harmless; any other link is not text.
        // (Compared on bytes: a combining mark after the `/` makes a different Character.)
        let autolinks = ["http://", "https://", "ftp://", "mailto:", "xmpp:"]
        if let expectedLinks,
           recorder.destinations.filter({ destination in !autolinks.contains { destination.lowercased().utf8.starts(with: $0.utf8) } }) != expectedLinks {
            violations.append("Markdown text made links \(recorder.destinations), expected \(expectedLinks)")
        }
        return violations
    }

    /// Diagnostics whose position is outside `text` (lines from `firstLine`; line 0 means the whole file).
    static func positionProblems(_ diagnostics: [Diagnostic], in text: String, from firstLine: Int = 1) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return diagnostics.compactMap { diagnostic in
            if diagnostic.line == 0 && diagnostic.column == 0 { return nil }
            guard diagnostic.line >= firstLine, diagnostic.line <= lines.count else {
                return "\(diagnostic.id) at line \(diagnostic.line) of a \(lines.count)-line file: \(diagnostic.message)"
            }
            let length = lines[diagnostic.line - 1].count
            guard diagnostic.column >= 1, diagnostic.column <= length + 1 else {
                return "\(diagnostic.id) at column \(diagnostic.column) of a \(length)-character line \(diagnostic.line): \(diagnostic.message)"
            }
            return nil
        }
    }
}

/// Keeps every destination a Markdown document links, unchanged.
private struct DestinationRecorder: MarkdownLinkResolving {
    var destinations: [String] = []

    mutating func resolve(_ link: MarkdownLink) -> String? {
        destinations.append(link.destination)
        return nil
    }
}

/// A small site for the fuzz targets: the fuzzed tutorial, the home page, another tutorial, a
/// resource, a draft, a page folder with a file, and an image.
private struct FuzzSite {
    let pages: [Page]
    let index: SiteIndex
    /// The tutorial's body, whose page is the first.
    let body: PageBody

    init(body: String) {
        // Bodies reach the renderer with their line endings made `\n` by the front-matter splitter.
        let body = body.utf8.contains(13) ? String(body.map { $0 == "\r\n" || $0 == "\r" ? "\n" : $0 }) : body
        let header = "---\ntitle: Fuzz\n---\n"
        func page(_ kind: ContentKind, _ id: String, _ path: String?) -> Page {
            Page(kind: kind, id: id, sourcePath: path, source: path.map { SourceText(displayPath: "content/\($0)", text: header) },
                 outputDirectory: Page.outputDirectory(kind: kind, id: id), frontMatter: FrontMatter())
        }
        let source = SourceText(displayPath: "content/tutorials/fuzz.md", text: header + body)
        self.body = PageBody(source: source, text: Substring(body))
        let fuzzed = Page(kind: .tutorial, id: "fuzz", sourcePath: "tutorials/fuzz.md", source: source,
                          outputDirectory: "tutorials/fuzz", frontMatter: FrontMatter(), bodyFirstLine: 4)
        pages = [
            fuzzed, page(.home, "index", "pages/index.md"), page(.tutorial, "other", "tutorials/other.md"),
            page(.resource, "paper", "resources/paper.md"), page(.page, "team", "pages/team/index.md"), page(.section, "tutorials", nil),
        ]
        index = SiteIndex(pages: pages, staticFiles: ["tutorials/plot.png", "pages/team/photo.jpg", "resources/data file.csv"],
                          draftSources: ["tutorials/draft.md"], sink: DiagnosticSink())
    }
}

/// The shape every converted formula must have: well-formed XML, MathML Core's elements only (the
/// theme's classes allowed), no inline style, no script.
enum MathMLShape {
    static let elements: Set<String> = [
        "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub", "msup", "msubsup", "munder", "mover",
        "munderover", "mfrac", "msqrt", "mroot", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "merror", "ms",
    ]

    /// What is wrong with `mathML`, empty when nothing is.
    static func problems(in mathML: String) -> [String] {
        var problems: [String] = []
        var open: [String] = []
        let bytes = Array(mathML.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                if bytes[index] == UInt8(ascii: ">") { problems.append("a '>' outside a tag") }
                index += 1
                continue
            }
            guard let end = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else {
                problems.append("a tag never closed")
                break
            }
            let tag = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            index = end + 1
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard open.last == name else {
                    problems.append("</\(name)> closes <\(open.last ?? "nothing")>")
                    break
                }
                open.removeLast()
                continue
            }
            let name = String(tag.prefix { $0 != " " && $0 != "/" })
            if !elements.contains(name) { problems.append("<\(name)> is not a MathML Core element") }
            if tag.contains(" style=") { problems.append("<\(name)> has an inline style") }
            if tag.lowercased().contains("script") || tag.contains(" on") { problems.append("<\(name)> may run script: \(tag)") }
            if !tag.hasSuffix("/") { open.append(name) }
        }
        if !open.isEmpty { problems.append("elements left open: \(open.joined(separator: ", "))") }
        return problems
    }
}

extension FuzzTargets {
    /// Reads the bytes as a `.bib` file, then decodes every value's TeX and splits every name list,
    /// and does both to the whole text as well: nothing may crash or hang, every position must be
    /// where its offset is in the file, and what comes out must stay within the reader's limits.
    public static func bibTeX(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let size = text.utf8.count
        let file = BibTeXReader.read(text)
        var violations: [String] = []
        if BibTeXReader.read(text) != file { violations.append("two readings of the same text differ") }
        var positions: [(String, FilePosition)] = file.problems.map { ("\($0.id) (\($0.message))", $0.position) }
        var keys = Set<String>()
        var valueBytes = 0
        let limits = BibTeXLimits()
        if file.entries.count > limits.maximumEntries { violations.append("\(file.entries.count) entries") }
        for entry in file.entries {
            positions += [("entry \(entry.key)", entry.position), ("key \(entry.key)", entry.keyPosition)]
            if !keys.insert(entry.key.lowercased()).inserted { violations.append("the key \(entry.key) is kept twice") }
            if entry.key.isEmpty || entry.key.utf8.contains(where: { [0x20, 0x0A, 0x0D, 0x09, 0x2C, 0x7B, 0x7D].contains($0) }) {
                violations.append("the key '\(entry.key)' is empty or holds a separator")
            }
            if entry.type != entry.type.lowercased() { violations.append("the type \(entry.type) is not lower-cased") }
            if entry.fields.count > limits.maximumFieldsPerEntry { violations.append("\(entry.fields.count) fields in \(entry.key)") }
            if Set(entry.fields.map(\.name)).count != entry.fields.count { violations.append("a field name twice in \(entry.key)") }
            for field in entry.fields {
                positions += [("field \(field.name)", field.namePosition), ("value of \(field.name)", field.valuePosition)]
                if field.name != field.name.lowercased() { violations.append("the field name \(field.name) is not lower-cased") }
                let length = field.value.utf8.count
                valueBytes += length
                if length > limits.maximumValueBytes { violations.append("a value of \(length) bytes") }
                violations += decodingProblems(field.value)
            }
        }
        if valueBytes > size + limits.maximumExpandedBytes { violations.append("\(valueBytes) bytes of values from \(size) bytes") }
        violations += decodingProblems(text)
        return violations + filePositionProblems(positions, in: Array(text.utf8))
    }

    /// What is wrong with `value` decoded as text and split as names: unknown commands outside the
    /// value, or output out of proportion to it.
    static func decodingProblems(_ value: String) -> [String] {
        let decoded = BibTeXText.decode(value)
        let length = value.utf8.count
        var violations: [String] = []
        // The widest growth is an accent alone (`\b{}`, 5 bytes) written as a no-break space and its mark (4 bytes).
        if decoded.text.utf8.count > 2 * length + 8 { violations.append("\(decoded.text.utf8.count) bytes of text from \(length) bytes of TeX") }
        for unknown in decoded.unknownCommands where unknown.offset < 0 || unknown.offset >= length {
            violations.append("an unknown command \(unknown.command) at byte \(unknown.offset) of \(length)")
        }
        let names = BibTeXNames.parse(value)
        let nameBytes = names.names.reduce(0) { $0 + $1.first.utf8.count + $1.von.utf8.count + $1.last.utf8.count + $1.jr.utf8.count }
        if nameBytes > length { violations.append("\(nameBytes) bytes of names from \(length) bytes") }
        for name in names.names.prefix(64) where name.displayName().utf8.count > 2 * length + 16 {
            violations.append("the name \(name.last) displays longer than its list")
        }
        return violations
    }

    /// Positions whose line is not the line of their offset in `bytes` (lines end at LF, CRLF or CR),
    /// or whose column is past the number of code points before it on that line (columns count
    /// characters, and no character is shorter than a code point).
    static func filePositionProblems(_ positions: [(String, FilePosition)], in bytes: [UInt8]) -> [String] {
        var violations: [String] = []
        var line = 1
        var scalarsInLine = 0
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for (what, position) in positions.sorted(by: { $0.1.offset < $1.1.offset }) {
            guard position.offset >= 0, position.offset <= bytes.count else {
                violations.append("\(what) at byte \(position.offset) of \(bytes.count)")
                continue
            }
            while index < position.offset {
                let byte = bytes[index]
                if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                    line += 1
                    scalarsInLine = 0
                } else if byte & 0xC0 != 0x80, byte != 0x0D {
                    scalarsInLine += 1
                }
                index += 1
            }
            if position.line != line || position.column < 1 || position.column > scalarsInLine + 1 {
                violations.append("\(what) at \(position.line):\(position.column), but byte \(position.offset) is on line \(line), \(scalarsInLine) code points in")
            }
        }
        return violations
    }
}
