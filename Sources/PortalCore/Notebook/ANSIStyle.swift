/// The look SGR sequences (`ESC[…m`) give terminal text, and the classes that show it.
///
/// The classes are nbconvert's, so a theme written for Jupyter's HTML works: `ansi-<colour>-fg` and
/// `-bg` for the eight colours, `ansi-<colour>-intense-fg`/`-bg` for the bright eight (and for the
/// first eight in bold, as nbconvert and terminals show them), `ansi-default-inverse-fg`/`-bg` for
/// reverse video on the default colours, `ansi-bold`, `ansi-underline`, and `ansi-italic`, which
/// nbconvert does not write. The 256 colours and 24-bit colours become the nearest of the sixteen:
/// nbconvert writes those as `style`, which the page's Content-Security-Policy ignores.
struct ANSIStyle: Equatable {
    /// A colour of the sixteen, 0 to 15.
    struct Colour: Equatable {
        let index: Int
        /// Whether bold shows it bright: only the first eight, given by number (`31`, `38;5;1`).
        let brightensWhenBold: Bool
    }

    var foreground: Colour?
    var background: Colour?
    var bold = false
    var italic = false
    var underline = false
    var inverse = false

    static let colourNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// The sixteen colours as xterm draws them, to find the nearest to any other.
    private static let palette: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The classes of a `<span>` in this style; empty for the terminal's default look.
    var classes: String {
        var foregroundIndex = foreground.map { bold && $0.brightensWhenBold && $0.index < 8 ? $0.index + 8 : $0.index }
        var backgroundIndex = background?.index
        if inverse { swap(&foregroundIndex, &backgroundIndex) }
        var classes: [String] = []
        if let foregroundIndex {
            classes.append(Self.className(foregroundIndex) + "-fg")
        } else if inverse {
            classes.append("ansi-default-inverse-fg")
        }
        if let backgroundIndex {
            classes.append(Self.className(backgroundIndex) + "-bg")
        } else if inverse {
            classes.append("ansi-default-inverse-bg")
        }
        if bold { classes.append("ansi-bold") }
        if italic { classes.append("ansi-italic") }
        if underline { classes.append("ansi-underline") }
        return classes.joined(separator: " ")
    }

    private static func className(_ index: Int) -> String {
        index < 8 ? "ansi-\(colourNames[index])" : "ansi-\(colourNames[index - 8])-intense"
    }

    /// Applies the parameters of one SGR sequence (`1;31`, `38;5;28`, `38:2::255:0:0`). A sequence
    /// with a character SGR does not use (`<`, `=`, `>`, `?`) changes nothing.
    mutating func apply(parameters: ArraySlice<UInt8>) {
        // Each group is a parameter and its `:` sub-parameters; nil where one is left empty.
        var groups: [[Int?]] = [[nil]]
        for byte in parameters {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                let last = groups[groups.count - 1].count - 1
                // Numbers this large mean nothing; they only have to stay large.
                groups[groups.count - 1][last] = min((groups[groups.count - 1][last] ?? 0) * 10 + digit, 1_000_000)
            case UInt8(ascii: ";"):
                groups.append([nil])
            case UInt8(ascii: ":"):
                groups[groups.count - 1].append(nil)
            default:
                return
            }
        }
        var index = 0
        while index < groups.count {
            let group = groups[index]
            let code = group[0] ?? 0
            index += 1
            if group.count > 1 {
                applyExtended(code, Array(group.dropFirst()))
                continue
            }
            switch code {
            case 38, 48:
                // `38;5;n` and `38;2;r;g;b`; anything else ends the sequence, as in nbconvert.
                let rest = groups[index..<min(index + 4, groups.count)].map { $0[0] ?? 0 }
                guard let mode = rest.first, mode == 5 || mode == 2 else { return }
                let length = mode == 5 ? 2 : 4
                guard rest.count >= length else { return }
                setColour(code == 38, Self.colour(Array(rest.prefix(length))))
                index += length
            default:
                apply(code)
            }
        }
    }

    private mutating func applyExtended(_ code: Int, _ subparameters: [Int?]) {
        switch code {
        case 38, 48:
            // `38:5:n`, `38:2:r:g:b` and `38:2:space:r:g:b`.
            var values = subparameters.map { $0 ?? 0 }
            if values.first == 2, values.count == 5 { values.remove(at: 1) }
            setColour(code == 38, Self.colour(values))
        case 4:
            // `4:0` is no underline, `4:1` to `4:5` the kinds of underline.
            underline = (subparameters.first ?? 1) != 0
        default:
            apply(code)
        }
    }

    private mutating func setColour(_ isForeground: Bool, _ colour: Colour?) {
        guard let colour else { return }
        if isForeground { foreground = colour } else { background = colour }
    }

    private mutating func apply(_ code: Int) {
        switch code {
        case 0: self = ANSIStyle()
        case 1: bold = true
        case 3: italic = true
        case 4: underline = true
        case 7: inverse = true
        case 21, 22: bold = false
        case 23: italic = false
        case 24: underline = false
        case 27: inverse = false
        case 30...37: foreground = Colour(index: code - 30, brightensWhenBold: true)
        case 39: foreground = nil
        case 40...47: background = Colour(index: code - 40, brightensWhenBold: true)
        case 49: background = nil
        case 90...97: foreground = Colour(index: code - 90 + 8, brightensWhenBold: false)
        case 100...107: background = Colour(index: code - 100 + 8, brightensWhenBold: false)
        default: break
        }
    }

    /// The colour `[5, n]` or `[2, r, g, b]` names, as one of the sixteen; nil when it is out of range.
    private static func colour(_ values: [Int]) -> Colour? {
        switch values.first {
        case 5 where values.count == 2:
            let number = values[1]
            switch number {
            case 0..<16: return Colour(index: number, brightensWhenBold: number < 8)
            case 16..<232:
                let levels = [0, 95, 135, 175, 215, 255]
                let cube = number - 16
                return nearest(levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6])
            case 232..<256:
                let grey = 8 + 10 * (number - 232)
                return nearest(grey, grey, grey)
            default: return nil
            }
        case 2 where values.count == 4:
            let rgb = Array(values.dropFirst())
            guard rgb.allSatisfy({ (0...255).contains($0) }) else { return nil }
            return nearest(rgb[0], rgb[1], rgb[2])
        default:
            return nil
        }
    }

    private static func nearest(_ red: Int, _ green: Int, _ blue: Int) -> Colour {
        var best = 0
        var bestDistance = Int.max
        for (index, (r, g, b)) in palette.enumerated() {
            let distance = (r - red) * (r - red) + (g - green) * (g - green) + (b - blue) * (b - blue)
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return Colour(index: best, brightensWhenBold: false)
    }
}
