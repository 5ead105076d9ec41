import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// One way to break a working site, and the diagnostic `portal build` must print for it.
struct BadInput: CustomTestStringConvertible, Sendable {
    /// How the site is broken.
    enum Change: Sendable {
        /// Writes a text file of the project.
        case write(String, String)
        /// Writes a file of raw bytes.
        case bytes(String, [UInt8])
        /// Writes `count` bytes of `byte` after `head` (a huge file).
        case repeated(String, head: String, byte: UInt8, count: Int)
        /// Makes a named pipe, which a reader would wait on forever.
        case pipe(String)
        /// Makes a symbolic link.
        case symlink(String, to: String)
    }

    let name: String
    let changes: [Change]
    let id: String
    let file: String
    let line: Int
    let column: Int
    /// The start of the message.
    let message: String
    var testDescription: String { name }

    init(_ name: String, _ changes: [Change], _ id: String, _ file: String, line: Int = 0, column: Int = 0, _ message: String) {
        self.name = name
        self.changes = changes
        self.id = id
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// A case that writes one page.
    init(_ name: String, page path: String, _ text: String, _ id: String, _ line: Int, _ column: Int, _ message: String) {
        self.init(name, [.write(path, text)], id, path, line: line, column: column, message)
    }

    func apply(to site: TestSite) throws {
        let manager = FileManager.default
        for change in changes {
            switch change {
            case .write(let path, let text):
                try site.write(text, to: path)
            case .bytes(let path, let bytes):
                try Data(bytes).write(to: site.root.appendingPathComponent(path))
            case .repeated(let path, let head, let byte, let count):
                try (Data(head.utf8) + Data(repeating: byte, count: count)).write(to: site.root.appendingPathComponent(path))
            case .pipe(let path):
                let url = site.root.appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                #expect(mkfifo(url.path, 0o644) == 0)
            case .symlink(let path, let destination):
                let url = site.root.appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try manager.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
            }
        }
    }
}

private let nestedBrackets = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
private let nestedSections = String(repeating: "{{#page.title}}", count: 10_000) + "x" + String(repeating: "{{/page.title}}", count: 10_000)

/// The bad-input suite: every case breaks a site that built, runs the real command, and checks
/// the diagnostic, the exit code, and that the previous site is still there byte for byte.
@Suite("Bad input")
struct BadInputTests {
    static let cases: [BadInput] = [
        // Front-matter.
        BadInput("unterminated front-matter", page: "content/pages/broken.md", "---\ntitle: T\n\nBody, and no closing line.\n",
                 "frontmatter.unterminated", 1, 1, "the front-matter that starts here is never closed"),
        BadInput("a YAML syntax error", page: "content/pages/broken.md", "---\ntitle: [unclosed\nsummary: S\n---\n",
                 "frontmatter.syntax", 3, 8, "the front-matter is not valid YAML: did not find expected ',' or ']'"),
        BadInput("a tab in the indentation", page: "content/pages/broken.md", "---\ntitle: T\ntags:\n\t- a\n---\n",
                 "frontmatter.tab", 4, 1, "a tab is used for indentation; YAML allows only spaces"),
        BadInput("a value of the wrong type", page: "content/starter-kit/broken.md", "---\ntitle: S\nsummary: S\nstep: first\n---\n",
                 "frontmatter.bad-value", 4, 1, "'step' must be a whole number from 1 to 999"),
        BadInput("a key written twice", page: "content/pages/broken.md", "---\ntitle: T\nsummary: S\ntitle: U\n---\n",
                 "frontmatter.duplicate-key", 4, 1, "the field 'title' is written twice"),
        BadInput("an unknown key", page: "content/pages/broken.md", "---\ntitle: T\ncolour: red\n---\n",
                 "frontmatter.unknown-key", 3, 1, "unknown field 'colour' for a page"),
        BadInput("an empty file", page: "content/pages/broken.md", "",
                 "frontmatter.missing", 1, 1, "the file is empty; a page needs front-matter with at least a title"),
        // Encodings and line endings: a byte-order mark and CRLF do not shift positions.
        BadInput("invalid UTF-8", [.bytes("content/pages/broken.md", Array("---\ntitle: caf".utf8) + [0xE9] + Array("\n---\n".utf8))],
                 "content.encoding", "content/pages/broken.md", line: 2, column: 11, "the file is not valid UTF-8"),
        BadInput("a broken link after a byte-order mark and CRLF line endings", page: "content/pages/broken.md",
                 "\u{FEFF}---\r\ntitle: Windows\r\n---\r\n\r\nSee [x](nowhere.md).\r\n",
                 "link.broken", 5, 9, "'nowhere.md' does not exist"),
        BadInput("an unknown key after a byte-order mark and CRLF line endings", page: "content/pages/broken.md",
                 "\u{FEFF}---\r\ntitle: Windows\r\ncolour: red\r\n---\r\n",
                 "frontmatter.unknown-key", 3, 1, "unknown field 'colour' for a page"),
        // Size and depth.
        BadInput("a 50 MB page", [.repeated("content/pages/broken.md", head: "---\ntitle: Huge\n---\n\n", byte: 0x61, count: 50 * 1024 * 1024)],
                 "content.too-large", "content/pages/broken.md", "the file is 50 MB; files the build reads may be at most 8 MB"),
        BadInput("10,000 nested brackets in front-matter", page: "content/pages/broken.md", "---\ntitle: T\ntags: \(nestedBrackets)\n---\n",
                 "frontmatter.too-deep", 3, 8, "lists or mappings are nested too deeply here (more than 1,000 levels)"),
        BadInput("10,000 nested sections in a template", [.write("templates/page.mustache", nestedSections + "{{{page.content}}}")],
                 "template.too-deep", "templates/page.mustache", line: 1, column: 1501, "sections are nested more than 100 levels deep here"),
        // Ids and output paths.
        BadInput("two pages with one id", [.write("content/tutorials/one/index.md", TestSite.tutorial("one").1)],
                 "content.duplicate-id", "content/tutorials/one/index.md", "two tutorial pages have the id 'one'"),
        BadInput("two files whose paths differ only by letter case",
                 [.write("content/pages/team/index.md", "---\ntitle: Team\n---\n"), .write("content/pages/team/Photo.jpg", "A"), .write("content/pages/team/photo.jpg", "B")],
                 "output.collision", "content/pages/team/photo.jpg", "'content/pages/team/photo.jpg' and 'content/pages/team/Photo.jpg' would both be written to team/photo.jpg"),
        BadInput("an id with a space", page: "content/tutorials/my tutorial.md", TestSite.tutorial("x").1,
                 "content.bad-id", 0, 0, "'my tutorial' is not a valid page id: use lower-case letters, digits and single hyphens"),
        BadInput("an id with non-ASCII letters", page: "content/tutorials/café.md", TestSite.tutorial("x").1,
                 "content.bad-id", 0, 0, "'café' is not a valid page id"),
        BadInput("an id with '..'", [.write("content/tutorials/a..b/index.md", TestSite.tutorial("x").1)],
                 "content.bad-id", "content/tutorials/a..b/index.md", "'a..b' is not a valid page id"),
        BadInput("an id reference with '/'", page: "content/tutorials/two.md", TestSite.tutorial("two", areas: ["breakouts/agentic-ai"]).1,
                 "frontmatter.bad-value", 6, 9, "'breakouts/agentic-ai' is a path; 'areas' names pages by id"),
        // Links and folders.
        BadInput("a link climbing out of the content folder", page: "content/tutorials/two.md", TestSite.tutorial("two", body: "See [x](../../../etc/passwd).\n").1,
                 "link.outside-content", 11, 9, "'../../../etc/passwd' points outside the content folder"),
        BadInput("a link to a folder", page: "content/tutorials/two.md", TestSite.tutorial("two", body: "See [x](../pages).\n").1,
                 "link.directory", 11, 9, "'../pages' is a folder, not a page or a file"),
        BadInput("a symbolic link loop", [.symlink("content/images/loop", to: "..")],
                 "content.symlink-loop", "content/images/loop", "symbolic link loop: this folder contains itself"),
        BadInput("a page that is a named pipe", [.pipe("content/pages/pipe.md")],
                 "content.unreadable", "content/pages/pipe.md", "cannot read the file: it is a named pipe, socket or device, not a regular file"),
        BadInput("a page file that is a named pipe", [.pipe("content/tutorials/data.csv")],
                 "content.unreadable", "content/tutorials/data.csv", "cannot read the file: it is a named pipe, socket or device, not a regular file"),
        BadInput("a template that is a named pipe", [.pipe("templates/partials/pipe.mustache")],
                 "content.unreadable", "templates/partials/pipe.mustache", "cannot read the file: it is a named pipe, socket or device, not a regular file"),
        BadInput("a theme file that is a named pipe", [.pipe("templates/assets/pipe.css")],
                 "content.unreadable", "templates/assets/pipe.css", "cannot read the file: it is a named pipe, socket or device, not a regular file"),
        // Templates.
        BadInput("a template section never closed", [.write("templates/page.mustache", "<ul>\n{{#page.toc}}<li>{{title}}</li>\n</ul>\n{{{page.content}}}")],
                 "template.syntax", "templates/page.mustache", line: 2, column: 1, "the section '{{#page.toc}}' is never closed"),
        BadInput("a partial that includes itself", [.write("templates/page.mustache", "{{> loop}}{{{page.content}}}"), .write("templates/partials/loop.mustache", "x{{> loop}}")],
                 "template.recursive-partial", "templates/partials/loop.mustache", line: 1, column: 2, "the partial 'loop' includes itself (page → loop → loop)"),
        BadInput("two partials that include each other",
                 [.write("templates/page.mustache", "{{> ping}}{{{page.content}}}"), .write("templates/partials/ping.mustache", "{{> pong}}"), .write("templates/partials/pong.mustache", "{{> ping}}")],
                 "template.recursive-partial", "templates/partials/pong.mustache", line: 1, column: 1, "the partial 'ping' includes itself (page → ping → pong → ping)"),
        BadInput("a page template that includes itself", [.write("templates/page.mustache", "{{> page}}{{{page.content}}}")],
                 "template.missing-partial", "templates/page.mustache", line: 1, column: 1, "there is no partial 'page' (templates/partials/page.mustache)"),
    ]

    /// A site with pages of each kind that builds without errors.
    static func workingSite() throws -> TestSite {
        try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("one", body: "## Setup\n\nSee [two](two.md).\n"),
            TestSite.tutorial("two"),
            TestSite.step("start", number: 1, extra: "tutorials: [one]"),
            TestSite.resource("mcp"),
            ("content/pages/about.md", "---\ntitle: About\n---\n\nAbout us.\n")
        ))
    }

    @Test("is an error at its place, exit code 1, and the previous site is untouched", .tags(.slow), .skippedWhenAsked, arguments: cases)
    func reported(_ example: BadInput) throws {
        let site = try Self.workingSite()
        defer { site.cleanUp() }
        let first = try PortalExecutable.run(["build"], in: site.root)
        try #require(first.status == 0, "\(first.output)\(first.errors)")
        let before = try site.snapshot()

        try example.apply(to: site)
        let result = try PortalExecutable.run(["build", "--format", "json"], in: site.root)
        #expect(!result.crashed, "\(result.errors)")
        #expect(result.status == 1, "\(result.output)\(result.errors)")
        let diagnostics = result.output.split(separator: "\n").compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        let diagnostic = try #require(diagnostics.first { $0["id"] as? String == example.id && $0["file"] as? String == example.file }, "\(result.output)")
        #expect(diagnostic["severity"] as? String == "error")
        #expect((diagnostic["line"] as? Int, diagnostic["column"] as? Int) == (example.line, example.column))
        let message = try #require(diagnostic["message"] as? String)
        #expect(message.hasPrefix(example.message), "\(message)")
        #expect(result.errors.contains("Failed: "))

        #expect(try site.snapshot() == before, "the previous site changed")
        #expect(try site.temporaryFolders().allSatisfy { !$0.hasPrefix(".portal-build-") && !$0.hasPrefix(".portal-swap-") })
    }
}

/// Input that is extreme rather than wrong: it must finish quickly and never overflow the stack.
@Suite("Extreme input")
struct ExtremeInputTests {
    /// Bodies nesting one construct 10,000 levels deep, by name.
    static let nestedBodies: [String: String] = [
        "list items": String(repeating: "- ", count: 10_000) + "x",
        "ordered list items": String(repeating: "1. ", count: 10_000) + "x",
        "block quotes": String(repeating: "> ", count: 10_000) + "x",
        "brackets": String(repeating: "[", count: 10_000) + "x" + String(repeating: "]", count: 10_000),
        "emphasis": String(repeating: "*", count: 10_000) + "x" + String(repeating: "*", count: 10_000),
        "raw HTML tags": String(repeating: "<div>", count: 10_000) + "x",
    ]

    /// The bodies cmark-gfm 0.29 would parse in quadratic time, which are refused before parsing.
    static let refusedBodies: Set<String> = ["list items", "ordered list items", "block quotes", "brackets"]

    @Test("10,000 levels of nested Markdown build, or are refused, without overflowing the stack", arguments: nestedBodies.keys.sorted())
    func nestedMarkdown(name: String) throws {
        let body = try #require(Self.nestedBodies[name])
        let site = try TestSite(["content/pages/deep.md": "---\ntitle: Deep\n---\n\n\(body)\n"])
        defer { site.cleanUp() }
        let report = site.build()
        if Self.refusedBodies.contains(name) {
            let refusal = try #require(report.only("markdown.too-complex"), "\(report.summary)")
            #expect((refusal.line, refusal.column) == (5, 1))
            #expect(report.diagnostics.count == 1, "\(report.summary)")
        } else {
            #expect(!report.hasErrors, "\(report.summary)")
            #expect(site.exists("deep/index.html"))
        }
    }

    @Test("10,000 nested images are refused before parsing; 10,000 images side by side list only the first problems")
    func nestedImages() throws {
        let nested = String(repeating: "![", count: 10_000) + "x" + String(repeating: "](nowhere.png)", count: 10_000)
        let deep = try TestSite(["content/pages/deep.md": "---\ntitle: Deep\n---\n\n\(nested)\n"])
        defer { deep.cleanUp() }
        #expect(deep.build().only("markdown.too-complex").map { ($0.line, $0.column) } ?? (0, 0) == (5, 1))

        // 32 levels at a time, the most a paragraph may leave open.
        let group = String(repeating: "![", count: 32) + "x" + String(repeating: "](nowhere.png)", count: 32)
        let body = Array(repeating: group, count: 313).joined(separator: " ")
        let site = try TestSite(["content/pages/deep.md": "---\ntitle: Deep\n---\n\n\(body)\n"])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics("link.broken").count == 20, "\(report.diagnostics.count) diagnostics")
        let rest = try #require(report.only("link.too-many"))
        #expect(rest.severity == .error)
        #expect(rest.message.hasSuffix("more link problems in this file are not listed"))
        // The 20 listed are the 20 outermost images of the first group, whose outermost image's
        // destination is the group's last one.
        let outermost = try #require(report.diagnostics("link.broken").max { $0.column < $1.column })
        #expect((outermost.line, outermost.column) == (5, 65 + 14 * 31 + 3))
    }

    @Test("20,000 broken links list 20 problems of each kind and count the rest")
    func manyBrokenLinks() throws {
        let body = String(repeating: "[x](nowhere.md) [y](#nowhere)\n", count: 20_000)
        let site = try TestSite(["content/pages/many.md": "---\ntitle: Many\n---\n\n\(body)"])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics("link.broken").count == 20, "\(report.diagnostics.count) diagnostics")
        #expect(report.diagnostics("link.broken-anchor").count == 20)
        let counts = report.diagnostics("link.too-many").map(\.message).sorted()
        #expect(counts == ["19980 more broken anchors in this file are not listed", "19980 more link problems in this file are not listed"])
        #expect(report.diagnostics("link.too-many").map(\.line).sorted() == [25, 25])
        #expect(report.diagnostics.allSatisfy { $0.sourceLine == "[x](nowhere.md) [y](#nowhere)" }, "every diagnostic shows its line")
    }
}

/// Output folders the build cannot write: the build fails with a clear error and changes nothing.
@Suite("Unwritable output")
struct UnwritableOutputTests {
    /// Whether this system lets the tests make a folder immutable with `chattr +i` (root on ext4,
    /// XFS, Btrfs and the like): root can write anywhere else, so permissions cannot stop it.
    static let canMakeImmutable: Bool = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-chattr-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)) != nil else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        guard chattr("+i", folder) else { return false }
        let blocked = !FileManager.default.createFile(atPath: folder.appendingPathComponent("x").path, contents: Data())
        _ = chattr("-i", folder)
        return blocked
    }()

    @discardableResult
    static func chattr(_ flag: String, _ folder: URL) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["chattr", flag, folder.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Runs `portal build` with `arguments` and returns the one diagnostic with `id`.
    private func failedBuild(_ site: TestSite, _ arguments: [String] = [], id: String) throws -> [String: Any] {
        let result = try PortalExecutable.run(["build", "--format", "json"] + arguments, in: site.root)
        #expect(!result.crashed)
        #expect(result.status == 1, "\(result.output)\(result.errors)")
        let diagnostics = result.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        return try #require(diagnostics.first { $0["id"] as? String == id }, "\(result.output)")
    }

    @Test("An output folder inside a regular file is an error naming the file")
    func outputUnderAFile() throws {
        let site = try BadInputTests.workingSite()
        defer { site.cleanUp() }
        try site.write("notes", to: "notes.txt")
        let diagnostic = try failedBuild(site, ["--output", "notes.txt/_site"], id: "output.write-failed")
        #expect(diagnostic["file"] as? String == "notes.txt/_site")
        #expect((diagnostic["message"] as? String)?.hasPrefix("cannot create '\(site.root.resolvingSymlinksInPath().path)/notes.txt'") == true, "\(diagnostic)")
        #expect(try String(contentsOf: site.root.appendingPathComponent("notes.txt"), encoding: .utf8) == "notes")
    }

    @Test("A read-only (immutable) output folder: the swap fails, the old site stays", .enabled(if: canMakeImmutable, "needs chattr +i (root on ext4 or similar)"))
    func immutableOutput() throws {
        let site = try BadInputTests.workingSite()
        defer { site.cleanUp() }
        let output = site.root.appendingPathComponent("_site")
        #expect(try PortalExecutable.run(["build"], in: site.root).status == 0)
        let before = try site.snapshot()
        try site.write("---\ntitle: About us\n---\n\nChanged.\n", to: "content/pages/about.md")
        try #require(Self.chattr("+i", output))
        defer { Self.chattr("-i", output) }
        let diagnostic = try failedBuild(site, ["--no-reuse"], id: "output.write-failed")
        #expect(diagnostic["file"] as? String == "_site")
        #expect((diagnostic["message"] as? String)?.hasPrefix("cannot put the new site in place: ") == true, "\(diagnostic)")
        #expect(try site.snapshot() == before)
        #expect(try site.temporaryFolders().allSatisfy { !$0.hasPrefix(".portal-build-") })
    }

    @Test("A previous site left aside by a stopped swap that cannot be put back is an error, not ignored",
          .enabled(if: canMakeImmutable, "needs chattr +i (root on ext4 or similar)"))
    func swapNotRecovered() throws {
        let site = try BadInputTests.workingSite()
        defer { site.cleanUp() }
        let parent = site.root.appendingPathComponent("public")
        #expect(try PortalExecutable.run(["build", "--output", "public/_site"], in: site.root).status == 0)
        // What a build killed between its two renames leaves: the old site aside, no output.
        try FileManager.default.moveItem(at: parent.appendingPathComponent("_site"), to: parent.appendingPathComponent(".portal-swap-_site"))
        try #require(Self.chattr("+i", parent))
        defer { Self.chattr("-i", parent) }
        let result = try PortalExecutable.run(["build", "--format", "json", "--output", "public/_site"], in: site.root)
        #expect(result.status == 1)
        let diagnostics = result.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let diagnostic = try #require(diagnostics.first { ($0["message"] as? String)?.hasPrefix("the previous site, moved aside by a build that was stopped, cannot be put back: ") == true },
                                      "\(result.output)")
        #expect(diagnostic["id"] as? String == "output.write-failed")
        #expect(diagnostic["file"] as? String == "public/_site")
        #expect(diagnostic["fix"] as? String == "move '.portal-swap-_site' back to 'public/_site' by hand")
    }

    @Test("A read-only (immutable) folder around the output: nothing can be staged, the old site stays", .enabled(if: canMakeImmutable, "needs chattr +i (root on ext4 or similar)"))
    func immutableParent() throws {
        let site = try BadInputTests.workingSite()
        defer { site.cleanUp() }
        let parent = site.root.appendingPathComponent("public")
        #expect(try PortalExecutable.run(["build", "--output", "public/_site"], in: site.root).status == 0)
        let before = try site.snapshot("public/_site")
        try #require(Self.chattr("+i", parent))
        defer { Self.chattr("-i", parent) }
        let diagnostic = try failedBuild(site, ["--output", "public/_site"], id: "output.write-failed")
        #expect(diagnostic["file"] as? String == "public/_site")
        #expect((diagnostic["message"] as? String)?.hasPrefix("cannot write next to 'public/_site'") == true, "\(diagnostic)")
        #expect(try site.snapshot("public/_site") == before)
    }
}
