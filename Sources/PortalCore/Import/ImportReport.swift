import Foundation

/// What `portal import` tells the editor: the files, what still needs a human (grouped by kind of
/// construct and counted, each at its file, line and column with the fix), and a summary line.
public enum ImportReport {
    /// The construct groups in the order the report shows them: what blocks publishing first.
    static let order = ["placeholder", "conflict", "liquid-tag", "broken-link", "link-outside", "skipped-file", "unreadable-file"]

    /// The report as text, for a terminal.
    public static func text(_ plan: ImportPlan, dryRun: Bool) -> String {
        var lines: [String] = []
        let verb = dryRun ? "Would import" : "Imported"
        lines.append("\(verb) '\(plan.title)' (\(plan.format.rawValue)) as the series '\(plan.series)': \(plan.episodes) part\(plan.episodes == 1 ? "" : "s")"
                     + (plan.breaks > 0 ? ", \(plan.breaks) break\(plan.breaks == 1 ? "" : "s")" : "") + (plan.isDraft ? ", as drafts until the placeholders are replaced" : "") + ".")
        lines.append("")
        lines.append(dryRun ? "Files it would write under content/:" : "Files under content/:")
        for file in plan.files {
            let mark: String
            switch file.state {
            case .new: mark = "new"
            case .unchanged: mark = "unchanged"
            case .updated: mark = "updated"
            case .merged: mark = "updated, your fields kept"
            }
            lines.append("  \(file.path)  (\(mark))")
        }
        if !plan.leftOver.isEmpty {
            lines.append("")
            lines.append("Written by the last import and no longer in the lesson (delete them if they should go):")
            lines += plan.leftOver.map { "  \($0)" }
        }
        if !plan.conflicts.isEmpty {
            lines.append("")
            lines.append("Changed since the last import, or not written by it; \(dryRun ? "a real import would refuse" : "nothing was written") (import with --overwrite to replace them):")
            lines += plan.conflicts.map { "  content/\($0)" }
        }
        let groups = grouped(plan.notes)
        if !groups.isEmpty {
            lines.append("")
            lines.append("Left for you (\(plan.notes.count)):")
            for (construct, notes) in groups {
                lines.append("  \(construct) (\(notes.count))")
                // The same finding in many files (a placeholder in every part) is one entry with its places,
                // so that a long lesson's report stays readable.
                var order: [String] = []
                var places: [String: [String]] = [:]
                var byKey: [String: ImportNote] = [:]
                for note in notes {
                    let key = note.message + "\u{0}" + note.fix
                    if byKey[key] == nil { order.append(key); byKey[key] = note }
                    places[key, default: []].append(note.line > 0 ? "\(note.file):\(note.line):\(note.column)" : note.file)
                }
                for key in order {
                    let note = byKey[key]!
                    let found = places[key]!
                    if found.count == 1 {
                        lines.append("    \(found[0]): \(note.message)")
                    } else {
                        lines.append("    \(note.message), in \(found.count) places:")
                        lines += found.map { "      \($0)" }
                    }
                    lines.append("      fix: \(note.fix)")
                }
            }
        }
        lines.append("")
        lines.append(summary(plan))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The summary line: `12 episodes, 10 figures, 38 blocks, 157 math spans, 0 left for you`.
    public static func summary(_ plan: ImportPlan) -> String {
        var parts = ["\(plan.episodes) episode\(plan.episodes == 1 ? "" : "s")"]
        if plan.breaks > 0 { parts.append("\(plan.breaks) break\(plan.breaks == 1 ? "" : "s")") }
        parts.append("\(plan.counts.figures) figure\(plan.counts.figures == 1 ? "" : "s")")
        parts.append("\(plan.counts.blocks) block\(plan.counts.blocks == 1 ? "" : "s")")
        parts.append("\(plan.counts.mathSpans) math span\(plan.counts.mathSpans == 1 ? "" : "s")")
        if plan.counts.notebooks > 0 { parts.append("\(plan.counts.notebooks) notebook\(plan.counts.notebooks == 1 ? "" : "s")") }
        if plan.counts.liquidTags > 0 { parts.append("\(plan.counts.liquidTags) Liquid tag\(plan.counts.liquidTags == 1 ? "" : "s") resolved") }
        parts.append("\(plan.notes.count + plan.conflicts.count) left for you")
        return parts.joined(separator: ", ")
    }

    /// The report as JSON, for scripts.
    public static func json(_ plan: ImportPlan, dryRun: Bool) -> String {
        let notes: [JSONValue] = plan.notes.map { note in
            .object(["file": .string(note.file), "line": .number(note.line), "column": .number(note.column), "construct": .string(note.construct),
                     "message": .string(note.message), "fix": .string(note.fix)])
        }
        let object: JSONValue = .object([
            "series": .string(plan.series), "format": .string(plan.format.rawValue), "title": .string(plan.title), "dry_run": .bool(dryRun),
            "draft": .bool(plan.isDraft), "episodes": .number(plan.episodes), "breaks": .number(plan.breaks),
            "files": .array(plan.files.map { .object(["path": .string("content/" + $0.path), "state": .string($0.state.rawValue), "copied_from": .optional($0.copiedFrom)]) }),
            "left_over": .array(plan.leftOver.map { .string("content/" + $0) }),
            "conflicts": .array(plan.conflicts.map { .string("content/" + $0) }),
            "notes": .array(notes),
            "counts": .object(["figures": .number(plan.counts.figures), "blocks": .number(plan.counts.blocks), "math_spans": .number(plan.counts.mathSpans),
                               "notebooks": .number(plan.counts.notebooks), "liquid_tags": .number(plan.counts.liquidTags)]),
            "summary": .string(summary(plan)),
        ])
        return object.text + "\n"
    }

    /// Notes by construct, in `order` and then by name; within a group by file and position.
    static func grouped(_ notes: [ImportNote]) -> [(String, [ImportNote])] {
        let byConstruct = Dictionary(grouping: notes, by: \.construct)
        let names = byConstruct.keys.sorted { left, right in
            let l = order.firstIndex(of: left) ?? order.count
            let r = order.firstIndex(of: right) ?? order.count
            return l != r ? l < r : left < right
        }
        return names.map { name in
            (name, byConstruct[name]!.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) })
        }
    }
}
