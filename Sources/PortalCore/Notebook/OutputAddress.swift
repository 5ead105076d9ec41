import PortalMarkdown

/// Decides which addresses a notebook output may keep in a link or an image.
///
/// An allowlist of schemes, read the way a browser's URL parser reads one: spaces at either end do
/// not count and letters may be in any case. Any control character, which the parser would drop
/// from inside a scheme (`java\tscript:`), refuses the address outright, and references were decoded
/// before the check, so `jav&#x61;script:` is seen as what it spells.
enum OutputAddress {
    /// The image types a `data:` address may hold: raster formats only, never `image/svg+xml`, which
    /// can carry script of its own.
    static let imageDataTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]

    /// Whether `address` may be kept: relative, or with one of `schemes`, or (when
    /// `allowsImageData`) a base64 raster image.
    static func check(_ address: String, schemes: Set<String>, allowsImageData: Bool) -> ValueCheck {
        if address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return .refuse("an address with control characters")
        }
        let trimmed = Substring(address.trimmingASCIISpaces())
        if let scheme = scheme(of: trimmed), !schemes.contains(scheme), !(scheme == "data" && allowsImageData && isRasterImageData(trimmed)) {
            return .refuse(scheme.utf8.count <= 20 ? "a \(scheme): address" : "an address with an unknown scheme")
        }
        // Written back, `javascript&#x3a;…` (no `;`: a browser reads the `&` as itself) is a relative
        // address; but text decoded once more, as the build's audit and other tools read it, would
        // run. Such an address has no business in an output.
        if let scheme = ScriptURL.refusedScheme(in: address), scheme != "data" || !isRasterImageData(trimmed) {
            return .refuse("a \(scheme): address")
        }
        return .keep(address)
    }

    /// The lower-cased scheme of `address`, or nil when it is relative: as in the URL standard, a
    /// scheme is a letter, then letters, digits, `+`, `-` or `.`, then `:`.
    static func scheme(of address: Substring) -> String? {
        guard let first = address.utf8.first, MarkupTokenizer.isLetter(first) else { return nil }
        var scheme: [UInt8] = []
        for byte in address.utf8 {
            if byte == UInt8(ascii: ":") { return String(decoding: scheme, as: UTF8.self) }
            guard MarkupTokenizer.isLetter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".") else { return nil }
            scheme.append(MarkupTokenizer.lowercased(byte))
        }
        return nil
    }

    /// Whether `address` is `data:<raster type>;base64,<base64>` and nothing else.
    static func isRasterImageData(_ address: Substring) -> Bool {
        guard let comma = address.firstIndex(of: ",") else { return false }
        let header = address[..<comma].lowercased()
        guard header.hasPrefix("data:"), header.hasSuffix(";base64") else { return false }
        let type = header.dropFirst(5).dropLast(7)
        guard imageDataTypes.contains(String(type)) else { return false }
        return address[address.index(after: comma)...].utf8.allSatisfy {
            MarkupTokenizer.isLetter($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "=")
        }
    }
}
