//! `annals actors` as people use it: listing the default gazetteer, adding actors and
//! aliases that survive gazetteer upgrades, merging, CSV and PETRARCH imports, and the
//! PETRARCH validation run.

mod common;

use common::*;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    (dir, db)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn list_shows_the_default_gazetteer_on_a_fresh_database() {
    let (_d, db) = db();
    annals(&db)
        .args(["actors", "list", "--kind", "state", "--country", "PRK"])
        .assert()
        .success()
        .stdout(predicate::str::contains("PRK").and(predicate::str::contains("North Korea")))
        .stdout(predicate::str::contains("KOR").not());
    annals(&db)
        .args(["actors", "list", "--kind", "planet"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown actor kind 'planet'"));
}

#[test]
fn added_person_is_found_by_alias_with_roles() {
    let (_d, db) = db();
    annals(&db)
        .args([
            "actors",
            "add",
            "--key",
            "kim-in-ae",
            "--name",
            "Kim In-ae",
            "--kind",
            "person",
            "--country",
            "kor",
            "--alias",
            "Kim In Ae",
            "--role",
            "deputy spokesperson@KOR-unification-ministry@2023-01-01@",
        ])
        .assert()
        .success()
        .stdout("added kim-in-ae (Kim In-ae)\n");
    annals(&db)
        .args(["actors", "show", "kim in ae"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Kim In-ae (kim-in-ae)"))
        .stdout(predicate::str::contains("country: KOR"))
        .stdout(predicate::str::contains(
            "deputy spokesperson of KOR-unification-ministry 2023-01-01..",
        ));
    // A name the gazetteer resolves without holding it as an alias.
    annals(&db)
        .args(["actors", "show", "Russia's Foreign Ministry"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(RUS-foreign-ministry)"));
    annals(&db)
        .args(["actors", "list", "--user"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kim-in-ae"))
        .stdout(predicate::str::contains("sergei-lavrov").not());
}

#[test]
fn add_with_a_builtin_key_makes_it_the_users_actor() {
    let (_d, db) = db();
    annals(&db)
        .args([
            "actors",
            "add",
            "--key",
            "PRK",
            "--name",
            "DPR Korea",
            "--kind",
            "state",
            "--country",
            "PRK",
            "--alias",
            "Hermit Kingdom",
        ])
        .assert()
        .success()
        .stdout("updated PRK (DPR Korea)\n");
    annals(&db)
        .args(["actors", "show", "Pyongyang"])
        .assert()
        .success()
        .stdout(predicate::str::contains("DPR Korea (PRK)"))
        .stdout(predicate::str::contains("origin:  user"));
}

#[test]
fn alias_of_a_builtin_actor_works_in_timeline_filters() {
    let (_d, db) = db();
    annals(&db).arg("ingest").arg(seed()).assert().success();
    annals(&db)
        .args(["actors", "alias", "DPRK", "the Hermit Kingdom"])
        .assert()
        .success()
        .stdout("PRK: 1 alias added\n");
    let by_alias = export_json(&db, &["--actor", "the Hermit Kingdom"]);
    let by_name = export_json(&db, &["--actor", "North Korea"]);
    assert!(!by_alias.is_empty());
    assert_eq!(by_alias, by_name);
    annals(&db)
        .args(["actors", "show", "the Hermit Kingdom"])
        .assert()
        .success()
        .stdout(predicate::str::contains("North Korea (PRK)"))
        .stdout(predicate::str::contains("the Hermit Kingdom (user)"));
}

#[test]
fn user_additions_survive_a_gazetteer_upgrade() {
    let (_d, db) = db();
    annals(&db)
        .args(["actors", "alias", "PRK", "the Hermit Kingdom"])
        .assert()
        .success();
    annals(&db)
        .args([
            "actors",
            "add",
            "--key",
            "zz-envoy",
            "--name",
            "Zed Envoy",
            "--kind",
            "person",
        ])
        .assert()
        .success();
    // A new release ships another gazetteer: the next run re-syncs the built-in rows.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE meta SET value = 'an older gazetteer' WHERE key = 'gazetteer'",
            [],
        )
        .unwrap();
    }
    annals(&db)
        .args(["actors", "show", "the Hermit Kingdom"])
        .assert()
        .success()
        .stdout(predicate::str::contains("North Korea (PRK)"));
    annals(&db)
        .args(["actors", "show", "zz-envoy"])
        .assert()
        .success()
        .stdout(predicate::str::contains("origin:  user"));
}

#[test]
fn merge_moves_aliases_and_stored_events_to_the_survivor() {
    let (_d, db) = db();
    annals(&db).arg("ingest").arg(seed()).assert().success();
    annals(&db)
        .args([
            "actors",
            "add",
            "--key",
            "lavrov",
            "--name",
            "S. V. Lavrov",
            "--kind",
            "person",
            "--country",
            "RUS",
        ])
        .assert()
        .success();
    annals(&db)
        .args(["actors", "merge", "sergei-lavrov", "lavrov"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "merged sergei-lavrov into lavrov",
        ));
    let events = export_json(&db, &[]);
    let keys: Vec<String> = events.iter().flat_map(actor_keys).collect();
    assert!(keys.iter().any(|k| k == "lavrov"), "{keys:?}");
    assert!(!keys.iter().any(|k| k == "sergei-lavrov"), "{keys:?}");
    // The old names now lead to the survivor, which no longer lists the merged actor.
    annals(&db)
        .args(["actors", "show", "Sergey Lavrov"])
        .assert()
        .success()
        .stdout(predicate::str::contains("S. V. Lavrov (lavrov)"));
    annals(&db)
        .args(["actors", "list", "--country", "RUS", "--kind", "person"])
        .assert()
        .success()
        .stdout(predicate::str::contains("sergei-lavrov").not());
    annals(&db)
        .args(["actors", "merge", "lavrov", "lavrov"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("into itself"));
}

#[test]
fn csv_import_adds_actors_and_aliases_of_known_ones() {
    let (d, db) = db();
    let csv = write(
        d.path(),
        "actors.csv",
        "key,name,kind,country,aliases,roles\n\
         kn-23-unit,KN-23 unit,military,PRK,KN-23 brigade|KN23 unit,\n\
         choe-son-hui,,,,Choe Son Hui|FM Choe,\n",
    );
    annals(&db)
        .args(["actors", "import"])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 actors added"));
    annals(&db)
        .args(["actors", "show", "KN23 unit"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kind:    military"));
    annals(&db)
        .args(["actors", "show", "FM Choe"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(choe-son-hui)"));
}

#[test]
fn csv_import_errors_name_the_line_and_change_nothing() {
    let (d, db) = db();
    let csv = write(
        d.path(),
        "bad.csv",
        "key,name,kind\nok-one,OK One,person\nbad-one,Bad One,planet\n",
    );
    annals(&db)
        .args(["actors", "import"])
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.csv:3: unknown actor kind 'planet'",
        ));
    annals(&db)
        .args(["actors", "show", "ok-one"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("annals actors list"));
    annals(&db)
        .args(["actors", "import", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("aliases  |-separated other names"));
}

#[test]
fn petrarch_dictionary_import_feeds_states_people_and_roles() {
    let (d, db) = db();
    let dict = write(
        d.path(),
        "test.actors.txt",
        "# TABARI actors\n\
         NORTH_KOREA_  [PRK]\n\
         +HERMIT_KINGDOM_\n\
         \n\
         JOHN_EXAMPLE_  # CountryInfo.txt\n\
         +PRESIDENT_EXAMPLE_\n\
         \t[USAELI 640101-090119]\n\
         \t[USAGOV >090120]\n\
         ZORG_LIBERATION_FRONT_ [ZAFREB]\n\
         \t[BADCODE 2004017-20061201]\n",
    );
    annals(&db)
        .args([
            "actors",
            "import",
            "--format",
            "petrarch",
            "--as-of",
            "2015-01-01",
        ])
        .arg(&dict)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3 records; 2 actors added, 1 updated",
        ))
        .stderr(predicate::str::contains("line 10:"));
    annals(&db)
        .args(["actors", "show", "Hermit Kingdom"])
        .assert()
        .success()
        .stdout(predicate::str::contains("North Korea (PRK)"));
    annals(&db)
        .args(["actors", "show", "President Example"])
        .assert()
        .success()
        .stdout(predicate::str::contains("John Example (john-example)"))
        .stdout(predicate::str::contains("cameo:   USAGOV"))
        .stdout(predicate::str::contains("USAGOV of USA 2009-01-20.."));
    annals(&db)
        .args(["actors", "show", "Zorg Liberation Front"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kind:    group"))
        .stdout(predicate::str::contains("country: ZAF"));
}

const VALIDATION: &str = r#"<Validation>
# comment block mentioning <Sentence> tags
<Sentences>
<Sentence category="TEST" date="20150609" id="V_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="ZRG" targetcode="CHN" />
<Text>
Zorgland's president visited China on Tuesday.
</Text>
</Sentence>
<Sentence category="TEST" date="20150609" id="V_2" evaluate="true"/>
<EventCoding noevents="True" />
<Text>
The weather was fine.
</Text>
</Sentence>
</Sentences>
</Validation>
"#;

#[test]
fn validate_petrarch_scores_roots_and_countries_with_user_actors() {
    let (d, db) = db();
    let file = write(d.path(), "v.xml", VALIDATION);
    // Zorgland is unknown: a visit without a visitor is not recorded at all.
    annals(&db)
        .args(["actors", "validate-petrarch"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "CAMEO root accuracy     0.0%  (0 of 1 codings)",
        ))
        .stdout(predicate::str::contains("actor accuracy          0.0%"))
        .stdout(predicate::str::contains(
            "no-event sentences    1 of 1 left empty",
        ));
    annals(&db)
        .args([
            "actors",
            "add",
            "--key",
            "ZRG",
            "--name",
            "Zorgland",
            "--kind",
            "state",
            "--country",
            "ZRG",
            "--cameo",
            "ZRG",
        ])
        .assert()
        .success();
    annals(&db)
        .args(["actors", "validate-petrarch", "-v"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("annals: 042 ZRG>CHN"))
        .stdout(predicate::str::contains(
            "CAMEO root accuracy   100.0%  (1 of 1 codings)",
        ))
        .stdout(predicate::str::contains("actor accuracy        100.0%"));
}

#[test]
fn validate_petrarch_refuses_a_file_without_records() {
    let (d, db) = db();
    let file = write(d.path(), "empty.xml", "<Validation></Validation>\n");
    annals(&db)
        .args(["actors", "validate-petrarch"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no <Sentence> records found"));
}
