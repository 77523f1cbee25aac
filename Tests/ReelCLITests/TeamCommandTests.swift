import Foundation
import Testing

/// Issue 9 end to end: what an education team hit on first use, run through the built `reel` binary.
struct TeamCommandTests {
    /// `reel audience add|edit|list|remove`, and a team audience that adds to the built-in ones.
    @Test func audiencesAddEditListRemoveAndTheBuiltInOnesStay() throws {
        let f = try PlaylistCommandTests.fixture(imported: true)
        defer { f.remove() }
        let add = try f.reel(["audience", "add", "nurses", "--like", "clinical", "--label", "Nurses", "--prefer-role", "nurse", "--target", "2m"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "added audience 'nurses': Nurses, 2:00, 6 themes\n")
        // The team's audience and the built-in one both build (this said "unknown audience 'non-clinical'" before).
        let nurses = try f.reel(["playlist", "build", "n", "--audience", "nurses"])
        #expect(nurses.status == 0, "\(nurses.stderr)")
        let porters = try f.reel(["playlist", "build", "p", "--audience", "non-clinical"])
        #expect(porters.status == 0, "\(porters.stderr)")
        let bad = try f.reel(["audience", "add", "fsw", "--label", "Family support", "--target", "10m", "--themes", "memory-makin:2"])
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr == "audience 'fsw': unknown theme 'memory-makin' (did you mean 'memory-making'?)\n")
        let incomplete = try f.reel(["audience", "add", "fsw", "--label", "Family support"])
        #expect(incomplete.status != 0 && incomplete.stderr.contains("A new audience needs --label, --target and --themes"))
        let edit = try f.reel(["audience", "edit", "nurses", "--target", "3m"])
        #expect(edit.stdout == "changed audience 'nurses': Nurses, 3:00, 6 themes\n", "\(edit.stderr)")
        let list = try f.reel(["audience", "list"])
        #expect(list.stdout.contains("nurses: Nurses — Nurses, doctors, health care assistants and therapists. [from the catalogue]"))
        #expect(list.stdout.contains("non-clinical: Non-clinical staff — ") && list.stdout.contains("[from Catalog/audiences.yaml]"))
        let removeBuiltIn = try f.reel(["audience", "remove", "mixed"])
        #expect(removeBuiltIn.status == 1 && removeBuiltIn.stderr.hasPrefix("audience 'mixed' comes from Catalog/audiences.yaml, not the catalogue"))
        let remove = try f.reel(["audience", "remove", "nurses"])
        #expect(remove.stdout == "removed audience 'nurses'\n", "\(remove.stderr)")
    }

    /// `--theme` and `--prefer-role` on `playlist build`.
    @Test func buildTakesThemeAndPreferRole() throws {
        let f = try PlaylistCommandTests.fixture(imported: true)
        defer { f.remove() }
        let built = try f.build("fam", "clinical", ["--theme", "supporting-families", "--prefer-role", "housekeeper", "--explain"])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("a voice this audience favours (housekeeper)"))
        let typo = try f.build("x", "clinical", ["--prefer-role", "housekeepr"])
        #expect(typo.status == 1 && typo.stderr.contains("unknown role 'housekeepr'"))
    }
}

extension TeamCommandTests {
    /// `reel import` and `reel show` say what to do about each flag and about missing consent.
    @Test func importAndShowGiveRemedies() throws {
        let f = try PlaylistCommandTests.fixture(imported: false)
        defer { f.remove() }
        let result = try f.reel(["import", "Media/lav-one-channel.mp4", "Media/family-support-black-start.mp4", "--shotlog", "Catalog/shotlog.csv", "--no-pictures"])
        // (Exit status 1: the other shot-log rows name files not in this import.)
        #expect(result.stdout.contains("2 imported, 0 duplicates"))
        #expect(result.stdout.contains("Needs attention:\n"))
        #expect(result.stdout.contains("— nothing to do: publish will fold the silent channel (the live one is centred into both)\n"))
        #expect(result.stdout.contains("    consent: no consent form recorded for Linda Okoro — not usable in playlists or publishing until you record it: reel consent grant \"Linda Okoro\" --ref FORM-ID\n"))
        let show = try f.reel(["show", "lav-one-channel.mp4"])
        #expect(show.stdout.contains("silent-channel: ") && show.stdout.contains("— nothing to do: publish will fold the silent channel"))
        let linda = try f.reel(["show", "family-support-black-start.mp4"])
        #expect(linda.stdout.contains("\nConsent: no consent form recorded for Linda Okoro — not usable in playlists or publishing until you record it"))
        #expect(linda.stdout.contains("  black-head: black for the first 2.0 s, the picture starts at 00:00:02.000 — trim starts after the black"))
        #expect(linda.stdout.contains("starts the name on the first non-black frame\n"))
    }
}

extension TeamCommandTests {
    /// `reel publish --list-presets` from a folder with no Catalog/presets.yaml uses the built-in presets.
    @Test func presetsFallBackToTheBuiltInOnesFromAnotherFolder() throws {
        let dir = try EndToEndTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let listed = try EndToEndTests.reel(["publish", "--list-presets", "--catalog", dir + "/catalog.sqlite"], cwd: dir)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.hasPrefix("web-1080p"))
        let missing = try EndToEndTests.reel(["publish", "--list-presets", "--presets", "mine.yaml", "--catalog", dir + "/catalog.sqlite"], cwd: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("mine.yaml: no such file: name the presets file with --presets PATH"))
    }
}

extension TeamCommandTests {
    /// Errors on stderr, results on stdout: import failures and publish failures, warnings and progress.
    @Test func errorsGoToStderrAndResultsToStdout() throws {
        let f = try PlaylistCommandTests.fixture(imported: false)
        defer { f.remove() }
        let imported = try f.reel(["import", "Media/broken", "Media/receptionist.webm", "--no-pictures"])
        #expect(imported.status == 1)
        #expect(!imported.stdout.contains("truncated.mp4"))
        #expect(imported.stderr.contains("/Media/broken/truncated.mp4: truncated or unfinished recording: no index (moov) found\n"))
        #expect(imported.stdout.contains("1 imported, 0 duplicates, 0 moved, 3 skipped, 1 failed"))
        let out = f.dir + "/pub"
        // (The catalogue knows receptionist.webm without a speaker, so without consent: --ignore-catalog publishes it.)
        let published = try f.reel(["publish", "Media/broken/truncated.mp4", "Media/receptionist.webm", "--preset", "audio", "--out", out,
                                    "--ignore-catalog"])
        #expect(published.status == 1)
        #expect(published.stdout.contains("  published Media/receptionist.webm → \(out)/receptionist.m4a"))
        #expect(published.stdout.contains("1 of 2 done, 1 failed, 1 warnings, 0 refused\n"))
        #expect(!published.stdout.contains("truncated") && !published.stdout.contains("warning:"))
        // No progress lines on a redirected stderr: only the failure and the warning, one line each.
        #expect(published.stderr == """
            Media/broken/truncated.mp4: truncated or unfinished recording: no index (moov) found
            Media/receptionist.webm: warning: no captions: UK public-sector sites must caption pre-recorded video

            """)
    }
}

extension TeamCommandTests {
    /// `playlist render --require-captions` refuses (writing nothing) when a clip has no captions.
    @Test func renderRequireCaptionsRefusesBeforeWriting() throws {
        let f = try PlaylistCommandTests.fixture(imported: true)
        defer { f.remove() }
        let built = try f.build("cap", "mixed", ["--include", f.clipIDs["portrait-phone.mp4"]!, "--target", "20s"])
        #expect(built.status == 0, "\(built.stderr)")
        let out = f.dir + "/cap.mp4"
        let refused = try f.reel(["playlist", "render", "cap", "-o", out, "--require-captions"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("playlist 'cap': ") && refused.stderr.contains("clips have no captions (--require-captions): "))
        #expect(refused.stderr.contains(f.clipIDs["portrait-phone.mp4"]!))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

extension TeamCommandTests {
    /// `reel playlist build --help` shows how --include and --exclude are written, under the options themselves.
    @Test func includeAndExcludeHelpHaveExamples() throws {
        let help = try EndToEndTests.reel(["playlist", "build", "--help"])
        #expect(help.status == 0)
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("--include <id> A segment (s-…) or clip that must be in the playlist (repeatable). e.g. --include s-3fa2c1-2 (that segment only) --include c-9b01de (the whole clip); a clip's file name works too."), "\(help.stdout)")
        #expect(flat.contains("--exclude <id> A segment (s-…) or clip that must not be (repeatable). e.g. --exclude c-9b01de (the clip and all its segments)"))
    }
}

extension TeamCommandTests {
    /// `reel publish FILE` of a file the catalogue knows checks its speaker's consent, as --clips does: by path, and
    /// by content for a renamed copy; --ignore-catalog publishes it anyway.
    @Test func publishingAKnownFileChecksConsent() throws {
        let f = try PlaylistCommandTests.fixture(imported: true)
        defer { f.remove() }
        let family = try #require(f.clipIDs["family-support-black-start.mp4"])
        let out = f.dir + "/pub"
        let copy = f.dir + "/renamed.mp4"
        try FileManager.default.copyItem(atPath: PlaylistCommandTests.root + "/Media/family-support-black-start.mp4", toPath: copy)
        let refused = try f.reel(["publish", "Media/family-support-black-start.mp4", copy, "Media/nurse-1080p.mp4", "--preset", "audio",
                                  "--out", out])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains(
            "Media/family-support-black-start.mp4: refused: no consent recorded: the catalogue holds it as \(family) (Linda Okoro); --ignore-catalog publishes it anyway\n"),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("\(copy): refused: no consent recorded: the catalogue holds it as \(family) (Linda Okoro)"))
        #expect(refused.stdout.contains("  published Media/nurse-1080p.mp4 → \(out)/nurse-1080p.m4a"))
        #expect(refused.stdout.contains("1 of 1 done, 0 failed, 0 warnings, 2 refused\n"), "\(refused.stdout)")
        #expect(!FileManager.default.fileExists(atPath: out + "/family-support-black-start.m4a"))
        #expect(!FileManager.default.fileExists(atPath: out + "/renamed.m4a"))

        let forced = try f.reel(["publish", "Media/family-support-black-start.mp4", "--preset", "audio", "--out", out, "--ignore-catalog"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/family-support-black-start.m4a"))
        let misuse = try f.reel(["publish", "--clips", "x", "--preset", "audio", "--out", out, "--ignore-catalog"])
        #expect(misuse.status != 0 && misuse.stderr.contains("--ignore-catalog is for media files named on the command line"))
    }
}

extension TeamCommandTests {
    /// A team presets file without web-720p does not stop an HTML export: its browser copies use the built-in preset.
    @Test func htmlExportWithoutATeamWebPresetUsesTheBuiltInOne() throws {
        let f = try PlaylistCommandTests.fixture(imported: true)
        defer { f.remove() }
        #expect(try f.build("chaplaincy", "non-clinical", ["--target", "10s", "--include", "chaplain-hdr.mkv"]).status == 0)
        let presets = f.dir + "/presets.yaml"
        try "web:\n  video: { box: 1280x720 }\n".write(toFile: presets, atomically: true, encoding: .utf8)
        let out = f.dir + "/out/"
        let exported = try f.reel(["playlist", "export", "chaplaincy", "--format", "html", "-o", out, "--presets", presets], audiences: true)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stderr.contains("note: \(presets): no MP4 video preset 'web-720p'; the page's browser copies use the built-in one"))
        #expect(exported.stdout.contains("  made through web-720p so browsers can play them: "))
        #expect(exported.stdout.contains(".mp4 (HDR (smpte2084), 10-bit yuv420p10le)"))
    }
}
