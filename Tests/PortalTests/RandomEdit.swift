import Foundation
import PortalTestSupport

extension SeededGenerator {
    /// True with `probability`.
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    /// One of `values`, nil when there are none.
    mutating func pick<T>(_ values: [T]) -> T? { values.randomElement(using: &self) }
}

/// The kinds of edit the randomized rebuild test makes, each with how often it is drawn.
enum RandomEdit: String, CaseIterable {
    case add, delete, rename, retitle, retag, summary, text, links, headings, series, relations, template, settings, sectionIntro, draft, dataFile, mistake, repair

    var weight: Int {
        switch self {
        case .add: return 14
        case .delete: return 8
        case .rename: return 8
        case .retitle: return 9
        case .retag: return 8
        case .summary: return 5
        case .text: return 12
        case .links: return 10
        case .headings: return 6
        case .series: return 8
        case .relations: return 6
        case .template: return 8
        case .settings: return 3
        case .sectionIntro: return 2
        case .draft: return 3
        case .dataFile: return 2
        case .mistake: return 4
        case .repair: return 0
        }
    }

    static func draw(using random: inout SeededGenerator) -> RandomEdit {
        var roll = Int.random(in: 0..<allCases.reduce(0) { $0 + $1.weight }, using: &random)
        for edit in allCases {
            if roll < edit.weight { return edit }
            roll -= edit.weight
        }
        return .text
    }
}
