import Foundation

/// Stage 4: the theme's templates, compiled and checked against their contexts.
struct TemplateSet: Sendable {
    /// The compiled templates and partials, for rendering.
    let renderer: TemplateRenderer
    /// Names of the page templates present (not partials).
    let pageTemplates: Set<String>
    /// The theme's static files, relative to `templates/assets/`.
    let assets: [String]
    /// Element ids written literally in the templates (`id="main"`), which headings must not take.
    let elementIDs: Set<String>
    /// For each page template, a hash of its text, the base layout's, and every partial either
    /// includes (directly or through other partials): equal hashes render equal pages.
    let pageFingerprints: [String: Int]
    /// For each page template, the entries of `site.sections` (`tutorials`, `tags`, …) it or what
    /// it includes may read, whose counts then belong to its pages' render keys; nil: all of them.
    let sectionsRead: [String: Set<String>?]

    static let partialsFolder = "partials"
    static let assetsFolder = "assets"

    /// Loads every `.mustache` file under `root`, reporting syntax and context errors to `sink`.
    static func load(from root: URL, displayRoot: String, needed: Set<String>, sink: DiagnosticSink) -> TemplateSet {
        var sources: [String: (tags: [TemplateTag], source: SourceText)] = [:]
        var compiled: [String: CompiledTemplate] = [:]
        var pageTemplates: Set<String> = []
        var partialNames: Set<String> = []
        var assets: [String] = []
        var elementIDs: Set<String> = []
        var textHashes: [String: Int] = [:]
        var presentPageTemplates: Set<String> = []
        let tree = ContainedTree(root: root)
        for (path, problem) in tree.problems {
            let display = displayRoot.isEmpty ? path : "\(displayRoot)/\(path)"
            if path.isEmpty, case .linkOutside(let target) = problem {
                sink.add(Diagnostic(.error, "template.symlink-outside", "the templates folder is a symbolic link to '\(target)'; the build reads only a real folder, so nothing outside it can be published",
                                    file: displayRoot, fix: "replace the link with the folder itself"))
            } else if case .linkOutside(let target) = problem {
                sink.add(Diagnostic(.error, "template.symlink-outside", "symbolic link to '\(target)', which is outside the templates folder; nothing behind it is read or published",
                                    file: display, fix: "replace the link with a copy of the file, or point it at a file inside the templates folder"))
            } else {
                sink.add(ContentScanner.diagnostic(for: problem, file: display))
            }
        }
        for path in tree.files {
            let display = displayRoot.isEmpty ? path : "\(displayRoot)/\(path)"
            if path.hasPrefix(assetsFolder + "/") {
                assets.append(String(path.dropFirst(assetsFolder.count + 1)))
                continue
            }
            guard path.hasSuffix(".mustache") else { continue }
            let stem = String(path.dropLast(".mustache".count))
            let isPartial = stem.hasPrefix(partialsFolder + "/")
            let name = isPartial ? String(stem.dropFirst(partialsFolder.count + 1)) : stem
            if isPartial, TemplateContextSchema.shape(forTemplate: name) != nil {
                sink.add(Diagnostic(.error, "template.name-clash", "the partial '\(name)' has the name of a page template, so '{{> \(name)}}' would be ambiguous", file: display,
                                    fix: "rename the partial"))
                continue
            }
            if !isPartial, TemplateContextSchema.shape(forTemplate: name) == nil {
                sink.add(Diagnostic(.warning, "template.unused", "'\(path)' is not one of the templates the build uses, so it is never rendered", file: display,
                                    fix: Suggestion.didYouMean(name, in: TemplateContextSchema.templateNames).map { "rename it? \($0)" } ?? "move shared pieces into \(partialsFolder)/"))
                continue
            }
            // From here on the file exists: a failure below is reported as what it is, not as a missing template.
            if !isPartial { presentPageTemplates.insert(name) }
            let text: String
            switch TextFile.read(root.appendingPathComponent(path), displayPath: display) {
            case .success(let value): text = value
            case .failure(let diagnostic):
                sink.add(diagnostic)
                continue
            }
            let source = SourceText(displayPath: display, text: text)
            var textHash = Hasher()
            textHash.combine(path)
            textHash.combine(text)
            textHashes[name] = textHash.finalize()
            elementIDs.formUnion(literalIDs(in: text))
            switch TemplateScanner.scan(text, source: source) {
            case .success(let tags):
                sources[name] = (tags, source)
                compiled[name] = CompiledTemplate(text: text, tags: tags)
            case .failure(let diagnostic):
                sink.add(diagnostic)
                continue
            }
            if isPartial { partialNames.insert(name) } else { pageTemplates.insert(name) }
        }
        for name in needed.sorted() where !presentPageTemplates.contains(name) && sources[name] == nil {
            let path = displayRoot.isEmpty ? "\(name).mustache" : "\(displayRoot)/\(name).mustache"
            sink.add(Diagnostic(.error, "template.missing", "the theme has no '\(name).mustache', which this site needs", file: path,
                                fix: "create it; see \"Template context\" in docs/theme.md"))
        }
        let checker = TemplateChecker(templates: sources, partialNames: partialNames)
        var diagnostics: [Diagnostic] = []
        for name in pageTemplates.sorted() {
            guard let shape = TemplateContextSchema.shape(forTemplate: name) else { continue }
            checker.check(name, shape: shape, into: &diagnostics)
        }
        sink.add(contentsOf: diagnostics)
        // Each page template with the base layout and every partial they reach.
        var pageFingerprints: [String: Int] = [:]
        var sectionsRead: [String: Set<String>?] = [:]
        for name in pageTemplates {
            var reached: Set<String> = []
            var pending = [name, "base"]
            while let next = pending.popLast() {
                guard reached.insert(next).inserted else { continue }
                pending += (sources[next]?.tags ?? []).filter { $0.kind == .partial }.map(\.name)
            }
            var hasher = Hasher()
            for template in reached.sorted() {
                hasher.combine(template)
                hasher.combine(textHashes[template])
            }
            pageFingerprints[name] = hasher.finalize()
            sectionsRead[name] = Self.sectionsRead(by: reached.flatMap { sources[$0]?.tags ?? [] })
        }
        return TemplateSet(renderer: TemplateRenderer(templates: compiled), pageTemplates: pageTemplates, assets: assets.sorted(), elementIDs: elementIDs,
                           pageFingerprints: pageFingerprints, sectionsRead: sectionsRead)
    }

    /// The entries of `site.sections` that `tags` may read: the name after `sections` in a dotted
    /// name; every entry (nil) where a tag opens `site` or `sections` as a whole, since the names
    /// inside it are then read from that record.
    static func sectionsRead(by tags: [TemplateTag]) -> Set<String>? {
        var read: Set<String> = []
        for tag in tags where [.variable, .unescaped, .section, .inverted].contains(tag.kind) {
            let parts = TemplateName(tag.name).path
            guard let at = parts.firstIndex(of: "sections") else {
                if parts == ["site"] { return nil }
                continue
            }
            guard at + 1 < parts.count else { return nil }
            read.insert(parts[at + 1])
        }
        return read
    }

    /// The values of `id="…"` attributes that hold no Mustache tag.
    static func literalIDs(in text: String) -> Set<String> {
        var ids: Set<String> = []
        var rest = Substring(text)
        while let range = rest.range(of: "id=\"") {
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let value = rest[..<end]
            if !value.isEmpty, !value.contains("{"), !value.contains(" ") { ids.insert(String(value)) }
            rest = rest[end...]
        }
        return ids
    }

    /// Renders template `name` with `context`, taking listing cards from `fragments` when given.
    func render(_ name: String, context: TemplateValue, fragments: FragmentCache? = nil) -> String {
        renderer.render(name, context: context, fragments: fragments)
    }
}
