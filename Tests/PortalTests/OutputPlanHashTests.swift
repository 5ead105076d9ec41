@testable import PortalCore
import Testing

@Suite("The output plan's check of paths by their hashes")
struct OutputPlanHashTests {
    @Test("Two paths that fold to one have one hash; a path differing otherwise has another, as its folded form does")
    func foldedHashes() {
        let paths = ["team/photo.jpg", "team/Photo.jpg", "TEAM/PHOTO.JPG", "team/photo.jpeg", "équipe/Été.html", "Équipe/été.html", "index.html"]
        for first in paths {
            for second in paths {
                let fold = OutputPlan.caseFolded(first) == OutputPlan.caseFolded(second)
                #expect((OutputPlan.caseFoldedHash(first) == OutputPlan.caseFoldedHash(second)) == fold, "\(first) and \(second)")
            }
        }
    }
}
