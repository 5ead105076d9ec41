import Foundation

/// The address of a `::: video` block, read: the service that serves it, the address of that
/// service's player for the video, and where the video starts.
///
/// YouTube (`youtube.com/watch?v=ID`, `youtu.be/ID`, `/embed/ID`, `/shorts/ID`, `/live/ID`, the
/// no-cookie host), Vimeo (`vimeo.com/ID`, `vimeo.com/ID/HASH`, `player.vimeo.com/video/ID`) and
/// CERN's video service (`videos.cern.ch/video/REPORT-NUMBER`, the address its player has) are
/// recognised; any other `https://` address, a CERN record page (`videos.cern.ch/record/N`, whose
/// number is not the player's) and a YouTube playlist among them, is a link only.
struct VideoAddress: Sendable, Hashable {
    /// The address as written: what the page links to.
    var written: String
    /// The service, or nil for another site.
    var host: VideoHost?
    /// The site in words: the service's name, or the host name without `www.`.
    var siteName: String
    /// The address of the service's player for this video, or nil when the address names no
    /// single video the player can show.
    var player: String?
    /// Where the video starts, in seconds (`t=90`, `t=1m30s`, `start=90`), when the link says so.
    var start: Int?

    /// Why an address cannot be a video's.
    struct Problem: Error, Sendable, Hashable {
        var kind: String
        var message: String
        var fix: String
    }

    /// Reads `text`, an address written on a fence.
    static func read(_ text: String) -> Result<VideoAddress, Problem> {
        if let scheme = ScriptURL.refusedScheme(in: text) {
            return .failure(Problem(kind: "video.unsafe-url", message: "the video address is a '\(scheme):' address, which could run code in the reader's browser",
                                    fix: "write the video's https:// address, as the video's page shows it"))
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return .failure(Problem(kind: "video.bad-url", message: "\(text) is not a web address",
                                    fix: "write the video's full address, starting with https:// (::: video https://www.youtube.com/watch?v=…)"))
        }
        if scheme == "http" {
            return .failure(Problem(kind: "video.bad-url", message: "the video address starts with http://, which is not encrypted",
                                    fix: "write https://\(text.dropFirst(7))"))
        }
        guard scheme == "https" else {
            return .failure(Problem(kind: "video.bad-url", message: "the video address is a '\(scheme):' address, not a web page",
                                    fix: "write the video's full address, starting with https://"))
        }
        guard var hostName = components.host?.lowercased(), !hostName.isEmpty else {
            return .failure(Problem(kind: "video.bad-url", message: "the video address \(text) names no site",
                                    fix: "write the video's full address, such as https://www.youtube.com/watch?v=…"))
        }
        if hostName.hasSuffix(".") { hostName.removeLast() }
        var address = VideoAddress(written: text, host: VideoHost.serving(hostName), siteName: "", player: nil, start: nil)
        let segments = components.path.split(separator: "/").map(String.init)
        let query = components.queryItems ?? []
        func item(_ name: String) -> String? { query.first { $0.name == name }?.value }
        switch address.host {
        case .youtube:
            address.siteName = "YouTube"
            var id: String?
            if hostName == "youtu.be" {
                id = segments.first
            } else if segments.first == "watch" {
                id = item("v")
            } else if segments.count >= 2, ["embed", "shorts", "live", "v"].contains(segments[0]) {
                id = segments[1]
            }
            // `/embed/videoseries` is a playlist, which has no one video to start at.
            if let id, id != "videoseries", isYouTubeID(id) {
                address.start = (item("t") ?? item("start") ?? fragmentTime(components.fragment)).flatMap(seconds)
                address.player = "https://www.youtube-nocookie.com/embed/\(id)" + (address.start.map { "?start=\($0)" } ?? "")
            }
        case .vimeo:
            address.siteName = "Vimeo"
            var id: String?
            var hash = item("h")
            if hostName == "player.vimeo.com" {
                if segments.count >= 2, segments[0] == "video" { id = segments[1] }
            } else if let first = segments.first, isDigits(first) {
                id = first
                // An unlisted video's address carries its key after the number.
                if segments.count >= 2, segments[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { hash = segments[1] }
            } else if segments.count >= 3, ["channels", "groups", "album", "showcase"].contains(segments[0]), let last = segments.last {
                id = last
            }
            if let id, isDigits(id) {
                address.start = fragmentTime(components.fragment).flatMap(seconds)
                // `dnt=1`: Vimeo's player then tracks no session data.
                let key = hash.flatMap { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } ? "h=\($0)&" : nil } ?? ""
                address.player = "https://player.vimeo.com/video/\(id)?\(key)dnt=1" + (address.start.map { "#t=\($0)s" } ?? "")
            }
        case .cern:
            address.siteName = VideoHost.cern.name
            // The player takes the video's report number (`OPEN-VIDEO-2021-119-003`), which a
            // record page's address (`/record/2298073`) does not give.
            if segments.count == 2, segments[0] == "video", !segments[1].isEmpty,
               segments[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                address.player = "https://videos.cern.ch/video/\(segments[1])"
            }
        case nil:
            address.siteName = hostName.hasPrefix("www.") ? String(hostName.dropFirst(4)) : hostName
        }
        return .success(address)
    }

    /// Whether `text` is a YouTube video id: 11 letters, digits, `-` and `_`.
    private static func isYouTubeID(_ text: String) -> Bool {
        text.utf8.count == 11 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The `t=` of a fragment (`#t=1m30s`).
    private static func fragmentTime(_ fragment: String?) -> String? {
        guard let fragment, fragment.hasPrefix("t=") else { return nil }
        return String(fragment.dropFirst(2))
    }

    /// Seconds in `90`, `90s`, `1m30s` or `1h2m3s`; nil for anything else or for zero.
    static func seconds(_ text: String) -> Int? {
        var total = 0
        var number = 0
        var digits = 0
        // The last unit's scale: each unit comes once, larger ones first.
        var lastScale = Int.max
        for character in text.lowercased() {
            if character.isASCII, let digit = character.wholeNumberValue {
                guard digits < 6 else { return nil }
                number = number * 10 + digit
                digits += 1
                continue
            }
            let scale: Int
            switch character {
            case "h": scale = 3600
            case "m": scale = 60
            case "s": scale = 1
            default: return nil
            }
            guard digits > 0, scale < lastScale else { return nil }
            lastScale = scale
            total += number * scale
            number = 0
            digits = 0
        }
        if digits > 0 {
            // A bare number is seconds, and only alone (`90`, not `1m30`).
            guard lastScale == Int.max else { return nil }
            total = number
        }
        return total > 0 ? total : nil
    }

    /// `seconds` as a reader reads a time in a video: `1:30`, `1:02:03`.
    static func clock(_ seconds: Int) -> String {
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        let padded = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(padded(minutes)):\(padded(rest))" : "\(minutes):\(padded(rest))"
    }
}
