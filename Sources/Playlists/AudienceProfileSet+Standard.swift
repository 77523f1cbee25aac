/// The audiences Reel ships with: non-clinical staff, clinical staff, and a mixed induction audience.
///
/// The same text as the `Catalog/audiences.yaml` in Reel's repository (a test keeps the two equal).
extension AudienceProfileSet {
    /// The YAML text of the standard audiences.
    public static let standardYAML: String = #"""
# Reel audiences: who a playlist is for, and what it should give them.
#
# The education team owns this file. `reel playlist audiences` shows it and checks it; an error names the line.
# Theme and role ids come from taxonomy.yaml (aliases and labels are accepted too).
#
#   id              how commands name the audience: `reel playlist build NAME --audience non-clinical`
#   label           the name shown to people
#   description     who it is for
#   target          the default running time (90s, 12m, 1h5m, 12:30)
#   max-clip        optional: the longest segment or clip a playlist may use
#   opening         the theme the playlist leads with (the scene-setting first clip)
#   closing         the theme of the closing reflection (the last clip)
#   themes          theme: weight. Every theme listed is covered at least once unless `--themes` says otherwise;
#                   a higher weight means more of the running time goes to it
#   preferred-roles roles whose voices the audience should hear most (peer voices), most wanted first
#   minimum-share   optional: the least share of the running time from clinical or non-clinical speakers,
#                   as a fraction (0.5) or a percentage (50%), met whenever the catalogue has the material

audiences:
  - id: non-clinical
    label: Non-clinical staff
    description: Porters, housekeepers, receptionists, catering and security staff, volunteers.
    target: 12m
    max-clip: 3m
    opening: every-role-matters
    closing: staff-wellbeing
    themes:
      every-role-matters: 3
      supporting-families: 2
      care-after-death: 2
      communication: 1
      inclusivity: 1
      staff-wellbeing: 1
    preferred-roles: [porter, housekeeper, ward-clerk, catering, security, volunteer, mortuary-bereavement-officer,
                      family-support-worker, chaplain, social-worker]
    minimum-share:
      non-clinical: 50%

  - id: clinical
    label: Clinical staff
    description: Nurses, doctors, health care assistants and therapists.
    target: 12m
    max-clip: 3m
    opening: what-matters-most
    closing: staff-wellbeing
    themes:
      what-matters-most: 3
      communication: 3
      care-after-death: 2
      memory-making: 2
      supporting-families: 1
      staff-wellbeing: 1
    preferred-roles: [nurse, health-care-assistant, doctor, specialist-palliative-care-nurse, consultant,
                      physiotherapist, occupational-therapist]

  - id: mixed
    label: Mixed (induction)
    description: Everyone new to the hospital or hospice, clinical or not, at induction.
    target: 15m
    max-clip: 3m
    opening: every-role-matters
    closing: staff-wellbeing
    themes:
      every-role-matters: 3
      what-matters-most: 2
      communication: 2
      supporting-families: 1
      care-after-death: 1
      inclusivity: 1
      staff-wellbeing: 1
    preferred-roles: [nurse, porter, health-care-assistant, housekeeper, doctor, ward-clerk, chaplain]
    minimum-share:
      non-clinical: 30%
      clinical: 30%
"""#

    /// The standard audiences, checked against the standard taxonomy.
    public static let standard: AudienceProfileSet = {
        do {
            return try AudienceProfileSet(yaml: standardYAML, path: "standard audiences", taxonomy: .standard)
        } catch {
            fatalError("the built-in audiences are invalid: \(error)")
        }
    }()
}
