import Foundation
import PortalMarkdown

/// Reads generated HTML the way a browser's tokenizer does and lists everything in it that could
/// run script: script elements other than the theme's own files and JSON-LD data blocks, event
/// handler and style attributes, `javascript:`/`vbscript:`/`data:` addresses, frames, objects,
/// `<base>`, meta refreshes and SVG animation that can rewrite links.
///
/// It is the oracle of the injection tests and of the fuzz targets (`FuzzTargets`): the build
/// itself never needs it, since it escapes on the way out.
struct MarkupAudit {
    /// One problem, with the byte offset where its tag starts.
    struct Problem: Sendable, CustomStringConvertible {
        let offset: Int
        let message: String
        var description: String { "at byte \(offset): \(message)" }
    }

    /// Everything that could run script, in document order.
    private(set) var problems: [Problem] = []
    /// The text of each `<script type="application/ld+json">` element.
    private(set) var dataBlocks: [String] = []
    /// The decoded text of each `<h1>`, `<title>` and `<a>` element, by tag name.
    private(set) var texts: [String: [String]] = [:]

    /// Elements that load or run code, or redirect the document, whatever their attributes.
    private static let refusedElements: Set<String> = [
        "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "style", "animate", "set", "handler", "listener",
    ]
    /// Attributes holding an address.
    private static let addressAttributes: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "longdesc", "lowsrc", "dynsrc",
        "manifest", "ping", "codebase", "srcset", "imagesrcset",
    ]
    /// Elements whose content is text up to their own end tag.
    private static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"]
    private static let capturedElements: Set<String> = ["h1", "h2", "title", "a"]

    /// Audits `html`; `isThemeScript` says which `src` of a `<script>` is the theme's own file.
    init(html: String, isThemeScript: (String) -> Bool = MarkupAudit.isRelativeScriptFile) {
        let bytes = Array(html.utf8)
        var index = 0
        var capture: (name: String, start: Int, text: String)?
        var textStart = 0
        func flushText(upTo end: Int) {
            guard capture != nil, end > textStart else { return }
            capture?.text += String(decoding: bytes[textStart..<end], as: UTF8.self)
        }
        while index < bytes.count {
            guard bytes[index] == 0x3C, index + 1 < bytes.count else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if Self.matches(bytes, at: index, "<!--") {
                flushText(upTo: index)
                index = Self.find(bytes, "-->", from: index + 4).map { $0 + 3 } ?? bytes.count
                textStart = index
            } else if next == 0x21 || next == 0x3F {
                flushText(upTo: index)
                index = (bytes[index...].firstIndex(of: 0x3E) ?? bytes.count - 1) + 1
                textStart = index
            } else if next == 0x2F, index + 2 < bytes.count, Self.isLetter(bytes[index + 2]) {
                flushText(upTo: index)
                let (name, after) = Self.name(bytes, from: index + 2)
                if let open = capture, open.name == name {
                    texts[name, default: []].append(HTMLText.decode(open.text).trimmingCharacters(in: .whitespacesAndNewlines))
                    capture = nil
                }
                // An end tag's attributes mean nothing, but a browser reads them as a start tag's:
                // a `>` inside a quoted value does not end it.
                index = Self.attributes(bytes, from: after).1
                textStart = index
            } else if next == 0x2F, index + 2 < bytes.count {
                // `</` and no letter: `</>` is nothing, anything else a bogus comment up to `>`.
                flushText(upTo: index)
                index = (bytes[(index + 2)...].firstIndex(of: 0x3E) ?? bytes.count - 1) + 1
                textStart = index
            } else if Self.isLetter(next) {
                flushText(upTo: index)
                let tagStart = index
                let (name, afterName) = Self.name(bytes, from: index + 1)
                let (attributes, afterTag) = Self.attributes(bytes, from: afterName)
                index = afterTag
                textStart = index
                var content: String?
                if Self.rawTextElements.contains(name) {
                    let end = Self.findEndTag(bytes, name: name, from: index) ?? bytes.count
                    content = String(decoding: bytes[index..<end], as: UTF8.self)
                    index = end
                    textStart = index
                }
                check(name: name, attributes: attributes, content: content, offset: tagStart, isThemeScript: isThemeScript)
                if Self.capturedElements.contains(name), capture == nil {
                    if let content {
                        texts[name, default: []].append(HTMLText.decode(content).trimmingCharacters(in: .whitespacesAndNewlines))
                    } else {
                        capture = (name, index, "")
                    }
                }
            } else {
                index += 1
            }
        }
    }

    /// The theme's scripts: relative paths to `.js` files, without a scheme or a query.
    static func isRelativeScriptFile(_ source: String) -> Bool {
        !source.contains(":") && !source.hasPrefix("/") && source.hasSuffix(".js") && !source.contains("?")
    }

    private mutating func check(name: String, attributes: [(String, String)], content: String?, offset: Int, isThemeScript: (String) -> Bool) {
        func problem(_ message: String) { problems.append(Problem(offset: offset, message: message)) }
        if Self.refusedElements.contains(name) { problem("<\(name)> element") }
        for (attribute, value) in attributes {
            if attribute.hasPrefix("on") { problem("event handler \(attribute)= on <\(name)>") }
            if attribute == "style" { problem("style attribute on <\(name)>") }
            if Self.addressAttributes.contains(attribute) {
                let candidates = attribute.hasSuffix("srcset") ? value.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } : [value]
                for candidate in candidates {
                    if let scheme = ScriptURL.refusedScheme(in: candidate) { problem("\(scheme): address in \(attribute)= on <\(name)>") }
                }
            }
            // Only a `<meta>` acts on `http-equiv`; on any other element it is an inert attribute.
            if name == "meta", attribute == "http-equiv", value.lowercased().contains("refresh") { problem("meta refresh") }
            if name == "animate" || name == "set", attribute == "attributename" { problem("SVG animation of \(value)") }
        }
        guard name == "script" else { return }
        let type = attributes.first { $0.0 == "type" }?.1.lowercased()
        if type == "application/ld+json" {
            dataBlocks.append(content ?? "")
            if attributes.contains(where: { $0.0 == "src" }) { problem("JSON-LD script with a src") }
            return
        }
        guard let source = attributes.first(where: { $0.0 == "src" })?.1, isThemeScript(source) else {
            return problem("<script> that is not one of the theme's files")
        }
        if let content, !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problem("<script src> with inline code") }
    }

    // MARK: Tokenizing

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    private static func matches(_ bytes: [UInt8], at index: Int, _ text: String) -> Bool {
        let pattern = Array(text.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return bytes[index..<index + pattern.count].elementsEqual(pattern)
    }

    private static func find(_ bytes: [UInt8], _ text: String, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if matches(bytes, at: index, text) { return index }
            index += 1
        }
        return nil
    }

    /// The offset of `</name` (any case) followed by a space, `/` or `>`.
    private static func findEndTag(_ bytes: [UInt8], name: String, from start: Int) -> Int? {
        let pattern = Array(name.utf8)
        var index = start
        while index + 2 + pattern.count <= bytes.count {
            if bytes[index] == 0x3C, bytes[index + 1] == 0x2F,
               bytes[(index + 2)..<(index + 2 + pattern.count)].map({ $0 | 0x20 }).elementsEqual(pattern) {
                let after = index + 2 + pattern.count
                if after == bytes.count || isSpace(bytes[after]) || bytes[after] == 0x2F || bytes[after] == 0x3E { return index }
            }
            index += 1
        }
        return nil
    }

    /// A lower-cased tag name and the offset after it.
    private static func name(_ bytes: [UInt8], from start: Int) -> (String, Int) {
        var end = start
        while end < bytes.count, !isSpace(bytes[end]), bytes[end] != 0x2F, bytes[end] != 0x3E { end += 1 }
        return (String(decoding: bytes[start..<end], as: UTF8.self).lowercased(), end)
    }

    /// The attributes (lower-cased names, decoded values) of a start tag, and the offset after its `>`.
    private static func attributes(_ bytes: [UInt8], from start: Int) -> ([(String, String)], Int) {
        var attributes: [(String, String)] = []
        var index = start
        while index < bytes.count {
            while index < bytes.count, isSpace(bytes[index]) || bytes[index] == 0x2F { index += 1 }
            guard index < bytes.count, bytes[index] != 0x3E else { break }
            let nameStart = index
            index += 1
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != 0x2F, bytes[index] != 0x3E, bytes[index] != 0x3D { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            var probe = index
            while probe < bytes.count, isSpace(bytes[probe]) { probe += 1 }
            guard probe < bytes.count, bytes[probe] == 0x3D else {
                attributes.append((name, ""))
                continue
            }
            index = probe + 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            var value = ""
            if index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 {
                let quote = bytes[index]
                let end = bytes[(index + 1)...].firstIndex(of: quote) ?? bytes.count
                value = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                index = min(end + 1, bytes.count)
            } else {
                let valueStart = index
                while index < bytes.count, !isSpace(bytes[index]), bytes[index] != 0x3E { index += 1 }
                value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
            }
            attributes.append((name, HTMLText.decode(value)))
        }
        return (attributes, min(index + 1, bytes.count))
    }
}

/// Decoding of the character references the build and cmark write (`&amp;`, `&#39;`, `&#x2F;` …).
enum HTMLText {
    private static let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]

    /// `text` with its character references decoded once, as an HTML parser would.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            output += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                output += "&"
                rest = after
                continue
            }
            let name = String(after[..<semicolon])
            if let value = named[name] {
                output += value
            } else if name.hasPrefix("#"), let code = name.dropFirst().first == "x" || name.dropFirst().first == "X"
                        ? UInt32(name.dropFirst(2), radix: 16) : UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
                output.unicodeScalars.append(scalar)
            } else {
                output += "&" + name + ";"
            }
            rest = after[after.index(after: semicolon)...]
        }
        return output + rest
    }
}
