import ArgumentParser

@main
struct Reel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reel",
        abstract: "Turn recorded staff narratives into teaching videos.",
        subcommands: [
            Probe.self,
            ThumbnailCommand.self,
            ContactSheetCommand.self,
            Trim.self,
            ImportCommand.self,
            TaxonomyCommand.self,
            SpeakerCommand.self,
            ConsentCommand.self,
            SegmentCommand.self,
            Tag.self,
            SuggestThemes.self,
            CaptionsCommand.self,
            Clips.self,
            Show.self,
            Dev.self,
            PlaylistCommand.self,
            AudienceCommand.self,
            Publish.self,
            Serve.self,
            UserCommand.self,
        ]
    )
}
