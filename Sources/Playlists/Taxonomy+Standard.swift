/// The standard taxonomy Reel ships with: NHS and hospice roles and the eight teaching themes.
///
/// The same text as the `Catalog/taxonomy.yaml` in Reel's repository; `reel taxonomy --init` writes it out
/// for a team to edit.
extension Taxonomy {
    /// The YAML text of the standard taxonomy.
    public static let standardYAML: String = #"""
# Reel taxonomy: the roles staff hold and the themes their stories carry.
#
# The education team owns this file. `reel taxonomy` shows it and checks it; an error names the line.
# Ids are lowercase words joined by hyphens and never change once clips are tagged with them
# (change a label or add aliases instead). Aliases are other names people type or write in shot logs;
# they are matched without regard to case.
#
# audience: `clinical` for roles that deliver clinical or hands-on personal care, `non-clinical` for
# everyone else who meets dying patients and their families. Three roles are judgement calls:
#   - social worker: registered professionals and core members of the palliative care multidisciplinary
#     team, but they do not deliver clinical care, so their stories are filed as non-clinical;
#   - chaplain: spiritual and pastoral care, also part of the team, not clinical care: non-clinical;
#   - family support worker: emotional and practical support for families and children: non-clinical.
# Health care assistants give personal care at the bedside and are clinical.

roles:
  # Clinical
  - id: consultant
    label: Consultant
    audience: clinical
    aliases: [consultant physician, palliative medicine consultant]
  - id: doctor
    label: Doctor
    audience: clinical
    aliases: [registrar, junior doctor, resident doctor, foundation doctor, GP, physician]
  - id: nurse
    label: Nurse
    audience: clinical
    aliases: [staff nurse, registered nurse, ward sister, charge nurse, RN]
  - id: specialist-palliative-care-nurse
    label: Specialist palliative care nurse
    audience: clinical
    aliases: [palliative care nurse, clinical nurse specialist, CNS, Macmillan nurse]
  - id: health-care-assistant
    label: Health care assistant
    audience: clinical
    aliases: [HCA, healthcare assistant, nursing assistant, care assistant]
  - id: physiotherapist
    label: Physiotherapist
    audience: clinical
    aliases: [physio]
  - id: occupational-therapist
    label: Occupational therapist
    audience: clinical
    aliases: [OT]

  # Non-clinical (see the note above for the three judgement calls)
  - id: social-worker
    label: Social worker
    audience: non-clinical
    aliases: [hospital social worker]
  - id: chaplain
    label: Chaplain
    audience: non-clinical
    aliases: [spiritual care, pastoral care, faith leader]
  - id: family-support-worker
    label: Family support worker
    audience: non-clinical
    aliases: [family support]
  - id: porter
    label: Porter
    audience: non-clinical
    aliases: [hospital porter]
  - id: housekeeper
    label: Housekeeper
    audience: non-clinical
    aliases: [domestic, cleaner, housekeeping]
  - id: ward-clerk
    label: Ward clerk / receptionist
    audience: non-clinical
    aliases: [receptionist, ward receptionist, admin]
  - id: catering
    label: Catering
    audience: non-clinical
    aliases: [catering assistant, hostess, host]
  - id: security
    label: Security
    audience: non-clinical
    aliases: [security officer]
  - id: mortuary-bereavement-officer
    label: Mortuary and bereavement officer
    audience: non-clinical
    aliases: [bereavement officer, mortuary officer, anatomical pathology technologist, APT]
  - id: volunteer
    label: Volunteer
    audience: non-clinical
    aliases: [hospice volunteer]

themes:
  - id: what-matters-most
    label: What matters most
    description: Personalising end-of-life care around the person's wishes, values and preferences.
    keywords: [what matters, matters most, wishes, preferences, personal, personalise, favourite, individual]
  - id: every-role-matters
    label: Every staff member has a role
    description: Everyone who meets patients and families, clinical or not, contributes to good end-of-life care.
    keywords: [every staff member, everyone, role, first face, dignity, small things, porter, housekeeper, receptionist]
  - id: communication
    label: Communication and difficult conversations
    description: Breaking bad news, explaining honestly, listening, and conversations about dying.
    keywords: [explain, honestly, gently, conversation, listen*, bad news, difficult, talk, tell]
  - id: memory-making
    label: Memory making and legacy
    description: Keepsakes and legacy work such as hand casting, fingerprints, photographs and memory boxes.
    keywords: [hand cast, hand casting, keepsake, memory, memories, memory box, fingerprint, legacy, photograph]
  - id: care-after-death
    label: Care after death and bereavement
    description: Last offices, the mortuary, viewing, and support for the bereaved.
    keywords: [after a death, after death, bereave*, grief, grieving, mortuary, last offices, died, death]
  - id: supporting-families
    label: Supporting families and children
    description: Helping families, carers and children before and after a death.
    keywords: [family, families, children, child, carer, relatives, whole family, support]
  - id: inclusivity
    label: Inclusivity and cultural needs
    description: Faith, culture, language, disability and identity in end-of-life care.
    keywords: [faith, culture, cultural, religion, religious, language, interpreter, Welsh, inclusive, respect]
  - id: staff-wellbeing
    label: Staff wellbeing
    description: How staff cope, debrief and look after themselves and each other.
    keywords: [wellbeing, debrief, support each other, cope, coping, burnout, self-care, reflect*]
"""#

    /// The standard taxonomy, parsed.
    public static let standard: Taxonomy = {
        do {
            return try Taxonomy(yaml: standardYAML, path: "standard taxonomy")
        } catch {
            fatalError("the built-in taxonomy is invalid: \(error)")
        }
    }()
}
