import Foundation
import Mustache
@testable import PortalCore
import PortalTestSupport
import Testing

/// Collects differences between the compiled renderer and swift-mustache from many threads.
private final class Differences: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var found: [String] = []
    private(set) var compared = 0

    func add(_ difference: String?) {
        lock.lock()
        compared += 1
        if let difference { found.append(difference) }
        lock.unlock()
    }
}

/// Whitespace-insensitive form of HTML (the two renderers may differ in indentation only).
private func normalised(_ html: String) -> String {
    html.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("Compiled renderer against swift-mustache")
struct RendererConformanceTests {
    /// swift-mustache's library of every template in `folder`, partials under their short names.
    private func referenceLibrary(_ folder: URL) throws -> MustacheLibrary {
        var library = MustacheLibrary()
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "mustache" else { continue }
            try library.register(String(contentsOf: url, encoding: .utf8), named: url.deletingPathExtension().lastPathComponent)
        }
        return library
    }

    @Test("Every page of the shipped site renders the same with both", .tags(.slow), .skippedWhenAsked)
    func shippedTheme() throws {
        let templates = packageRoot.appendingPathComponent("templates")
        let library = try referenceLibrary(templates)
        let sink = DiagnosticSink()
        let compiled = TemplateSet.load(from: templates, displayRoot: "templates", needed: [], sink: sink)
        #expect(!sink.hasErrors)
        let differences = Differences()
        var builder = SiteBuilder(options: BuildOptions(
            contentDirectory: packageRoot.appendingPathComponent("content"), templatesDirectory: templates,
            outputDirectory: nil, workingDirectory: packageRoot, baseURL: "http://127.0.0.1:8000/"))
        builder.contextObserver = { name, context in
            let ours = normalised(compiled.render(name, context: context))
            let reference = normalised(library.render(context.foundationValue, withTemplate: name) ?? "")
            guard ours != reference else { return differences.add(nil) }
            let index = zip(ours, reference).prefix { $0 == $1 }.count
            differences.add("\(name): differs at \(index): …\(ours.dropFirst(max(0, index - 60)).prefix(120))… vs …\(reference.dropFirst(max(0, index - 60)).prefix(120))…")
        }
        #expect(!builder.run().hasErrors)
        #expect(differences.compared > 200)
        #expect(differences.found.isEmpty, "\(differences.found.prefix(3).joined(separator: "\n"))")
    }

    @Test("Mustache semantics", arguments: [
        ("{{#items}}{{#first()}}[{{/first()}}{{.}}{{^last()}}, {{/last()}}{{#last()}}]{{/last()}}{{/items}}", "[a, b, c]"),
        ("{{#rec}}{{name}} {{outer}}{{/rec}}", "inner top"),
        ("{{^missing}}none{{/missing}}{{^empty}}empty{{/empty}}{{#yes}}y{{/yes}}{{^no}}n{{/no}}", "noneemptyyn"),
        ("{{html}} {{{html}}} {{&html}}", "&lt;b&gt;&quot;&#39;&amp; <b>\"'& <b>\"'&"),
        ("{{count(items)}} {{#items}}{{index()}}{{/items}} {{rec.name}} {{.missing}}", "3 012 inner "),
        ("a\n  {{#yes}}\n  b\n  {{/yes}}\nc\n", "a\n  b\nc\n"),
        ("<ul>\n  {{> item}}\n</ul>\n", "<ul>\n  <li>x</li>\n  <li>y</li>\n</ul>\n"),
    ])
    func semantics(template: String, expected: String) throws {
        let context: TemplateValue = .record([
            "items": .list(["a", "b", "c"]), "rec": .record(["name": "inner"]), "outer": "top", "empty": .list([]),
            "yes": true, "no": false, "html": "<b>\"'&",
        ])
        let source = SourceText(displayPath: "t", text: template)
        let tags = try TemplateScanner.scan(template, source: source).get()
        let partial = "<li>x</li>\n<li>y</li>\n"
        let partialTags = try TemplateScanner.scan(partial, source: SourceText(displayPath: "p", text: partial)).get()
        let renderer = TemplateRenderer(templates: ["t": CompiledTemplate(text: template, tags: tags), "item": CompiledTemplate(text: partial, tags: partialTags)])
        #expect(renderer.render("t", context: context) == expected)
        var library = MustacheLibrary()
        try library.register(template, named: "t")
        try library.register(partial, named: "item")
        #expect(library.render(context.foundationValue, withTemplate: "t") == expected, "swift-mustache disagrees with the expectation")
    }

    @Test("A partial over listing items is kept once per item and reused only where the names it did not find are still missing")
    func fragmentCache() throws {
        func compile(_ text: String) throws -> CompiledTemplate {
            CompiledTemplate(text: text, tags: try TemplateScanner.scan(text, source: SourceText(displayPath: "t", text: text)).get())
        }
        let renderer = TemplateRenderer(templates: [
            "t": try compile("{{#items}}{{> card}}{{/items}}"),
            "card": try compile("<{{title}}|{{note}}|{{#tags}}{{name}}{{/tags}}|{{label}}>"),
        ])
        let item: TemplateValue = .record(["title": "A", "tags": .list([.record(["name": "x"])]), TemplateValue.fragmentKey: .fragmentMark(page: 1, depth: 0)])
        let cache = FragmentCache()
        let contexts: [(TemplateValue, String)] = [
            (.record(["items": .list([item, item])]), "<A||x|><A||x|>"),
            (.record(["items": .list([item]), "note": "N"]), "<A|N|x|>"),
            (.record(["items": .list([item]), "label": "L"]), "<A||x|L>"),
            (.record(["items": .list([item])]), "<A||x|>"),
        ]
        for (context, expected) in contexts {
            #expect(renderer.render("t", context: context, fragments: cache) == expected)
            #expect(renderer.render("t", context: context) == expected)
            #expect(cache.count == 1)
        }
        // An item that found a value outside itself is not kept.
        let other: TemplateValue = .record(["title": "B", TemplateValue.fragmentKey: .fragmentMark(page: 2, depth: 0)])
        #expect(renderer.render("t", context: .record(["items": .list([other]), "label": "L"]), fragments: cache) == "<B|||L>")
        #expect(cache.count == 1)
        #expect(renderer.render("t", context: .record(["items": .list([other])]), fragments: cache) == "<B|||>")
        #expect(cache.count == 2)
    }

    @Test("Within one render, a kept card is checked again under each new enclosing frame: the same list's items share the answer, another group's do not")
    func fragmentCheckedPerFrame() throws {
        func compile(_ text: String) throws -> CompiledTemplate {
            CompiledTemplate(text: text, tags: try TemplateScanner.scan(text, source: SourceText(displayPath: "t", text: text)).get())
        }
        let texts = ["t": "{{#groups}}[{{#items}}{{> card}}{{/items}}]{{/groups}}", "card": "<{{title}}|{{note}}>"]
        let renderer = TemplateRenderer(templates: try texts.mapValues(compile))
        var library = MustacheLibrary()
        for (name, text) in texts { try library.register(text, named: name) }
        let item: TemplateValue = .record(["title": "A", TemplateValue.fragmentKey: .fragmentMark(page: 1, depth: 0)])
        let other: TemplateValue = .record(["title": "B", TemplateValue.fragmentKey: .fragmentMark(page: 2, depth: 0)])
        // The first group has no note, so both cards are kept with `note` missing; the second group
        // has one, which both must show; the third has none again.
        let context: TemplateValue = .record(["groups": .list([
            .record(["items": .list([item, other, item])]),
            .record(["items": .list([item, other]), "note": "N"]),
            .record(["items": .list([other, item])]),
        ])])
        let expected = "[<A|><B|><A|>][<A|N><B|N>][<B|><A|>]"
        #expect(library.render(context.foundationValue, withTemplate: "t") == expected)
        let cache = FragmentCache()
        #expect(renderer.render("t", context: context, fragments: cache) == expected)
        #expect(renderer.render("t", context: context, fragments: cache) == expected)
        #expect(cache.count == 2)
    }

    @Test("A card is kept once for every indentation it is used at, and a value holding the indentation marker is not kept")
    func fragmentIndentation() throws {
        func compile(_ text: String) throws -> CompiledTemplate {
            CompiledTemplate(text: text, tags: try TemplateScanner.scan(text, source: SourceText(displayPath: "t", text: text)).get())
        }
        let texts = [
            "t": "<ul>\n{{#items}}\n  {{> card}}\n{{/items}}\n</ul>\n<ol>\n{{#items}}\n      {{> card}}\n{{/items}}\n</ol>\n{{#items}}\n{{> card}}\n{{/items}}\n",
            "card": "<li>\n  {{title}}\n  {{> tag}}\n</li>\n",
            "tag": "<b>\n{{note}}\n</b>\n",
        ]
        let renderer = TemplateRenderer(templates: try texts.mapValues(compile))
        var library = MustacheLibrary()
        for (name, text) in texts { try library.register(text, named: name) }
        let cache = FragmentCache()
        for (title, fragment) in [("A\nline", 1), ("B", 2)] {
            let item: TemplateValue = .record(["title": .text(title), "note": "n", TemplateValue.fragmentKey: .fragmentMark(page: fragment, depth: 0)])
            let context: TemplateValue = .record(["items": .list([item])])
            let expected = library.render(context.foundationValue, withTemplate: "t")
            #expect(renderer.render("t", context: context, fragments: cache) == expected)
            #expect(renderer.render("t", context: context, fragments: cache) == expected)
            #expect(expected?.contains("\n      <li>\n        A\nline\n        <b>\n        n\n        </b>\n      </li>\n") == (fragment == 1))
        }
        #expect(cache.count == 2)
        // The marker inside a value: rendered each time, the same as swift-mustache, and not kept.
        let odd: TemplateValue = .record(["title": .text("x\u{1}y"), "note": "n", TemplateValue.fragmentKey: .fragmentMark(page: 3, depth: 0)])
        let context: TemplateValue = .record(["items": .list([odd])])
        #expect(renderer.render("t", context: context, fragments: cache) == library.render(context.foundationValue, withTemplate: "t"))
        #expect(renderer.render("t", context: context, fragments: cache) == library.render(context.foundationValue, withTemplate: "t"))
        // The card is not kept; the partial inside it, rendered again over the same item without the marker in it, is.
        #expect(cache.count == 3)
    }

    @Test("A kept card's JSON string is the escaped text of the card, and a card rendered again after its ref changed has the new one")
    func fragmentJSON() throws {
        func compile(_ text: String) throws -> CompiledTemplate {
            CompiledTemplate(text: text, tags: try TemplateScanner.scan(text, source: SourceText(displayPath: "t", text: text)).get())
        }
        let renderer = TemplateRenderer(templates: ["card": try compile("<li class=\"card\">\n  {{title}} & \"{{{note}}}\"\n</li>\n")])
        let cache = FragmentCache()
        let key = FragmentCache.Key(partial: "card", page: 7, depth: 2)
        #expect(cache.json(for: key) == nil)
        func item(_ title: String) -> TemplateValue {
            .record(["title": .text(title), "note": "<b>\u{2028}</b>", TemplateValue.fragmentKey: .fragmentMark(page: 7, depth: 2)])
        }
        #expect(FragmentCache.Key(partial: "card", item: item("A")) == key)
        #expect(FragmentCache.Key(partial: "card", item: .record(["title": "A"])) == nil)
        let first = renderer.render(partial: "card", over: item("A"), fragments: cache)
        #expect(first == "<li class=\"card\">\n  A & \"<b>\u{2028}</b>\"\n</li>\n")
        let json = try #require(cache.json(for: key))
        #expect(json == JSONValue.string(first).text)
        #expect(json == #""\u003cli class=\"card\"\u003e\n  A \u0026 \"\u003cb\u003e\u2028\u003c/b\u003e\"\n\u003c/li\u003e\n""#)
        #expect(cache.json(for: key) == json)
        // A card whose ref changed is forgotten and rendered again: its JSON is the new card's.
        cache.forget(pages: [7])
        #expect(cache.json(for: key) == nil)
        let second = renderer.render(partial: "card", over: item("B"), fragments: cache)
        #expect(cache.json(for: key) == JSONValue.string(second).text)
        #expect(second.contains("  B & "))
    }
}
