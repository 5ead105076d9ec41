/// A video service whose player a page may show when `site.yml` allows it
/// (`video: {embed: [youtube, vimeo, cern]}`); any other address is a link.
public enum VideoHost: String, CaseIterable, Sendable, Hashable {
    case youtube, vimeo, cern

    /// The host's name as the page says it ("Watch on YouTube").
    public var name: String {
        switch self {
        case .youtube: "YouTube"
        case .vimeo: "Vimeo"
        case .cern: "CERN Videos"
        }
    }

    /// The origin the host's player is served from: what the Content-Security-Policy's `frame-src`
    /// must allow. YouTube's is its no-cookie host, which sets no cookie until the reader plays.
    public var playerOrigin: String {
        switch self {
        case .youtube: "https://www.youtube-nocookie.com"
        case .vimeo: "https://player.vimeo.com"
        case .cern: "https://videos.cern.ch"
        }
    }

    /// The host an address's lower-cased host name belongs to, or nil.
    static func serving(_ hostName: String) -> VideoHost? {
        switch hostName {
        case "youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "youtube-nocookie.com", "www.youtube-nocookie.com": .youtube
        case "vimeo.com", "www.vimeo.com", "player.vimeo.com": .vimeo
        case "videos.cern.ch": .cern
        default: nil
        }
    }
}
