import ArgumentParser

@main
struct Reel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reel",
        abstract: "Turn recorded staff narratives into teaching videos.",
        subcommands: []
    )
}
