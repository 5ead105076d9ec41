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
        let (rendered, _, diagnostics) = MarkdownStage(allowsRawHTML: false, themeIDs: []).render(site.body, at: 0, pages: site.pages, index: site.index, works: CitedWorks.citable(by: site.body.text, pages: site.pages))
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
        let (rendered, _, diagnostics) = MarkdownStage(allowsRawHTML: true, themeIDs: []).render(site.body, at: 0, pages: site.pages, index: site.index, works: CitedWorks.citable(by: site.body.text, pages: site.pages))
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
