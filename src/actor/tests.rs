//! Unit tests of the gazetteer data and of mention finding, with real-news phrasings.

use super::*;

fn gz() -> Gazetteer {
    match Gazetteer::builtin() {
        Ok(g) => g,
        Err(e) => panic!("builtin gazetteer: {e}"),
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, day) {
        Some(x) => x,
        None => panic!("bad test date"),
    }
}

/// (text, key) pairs of the mentions in one sentence.
fn pairs(
    g: &Gazetteer,
    s: &str,
    date: NaiveDate,
    ctx: &mut MentionContext,
) -> Vec<(String, String)> {
    g.find_mentions(s, date, ctx)
        .into_iter()
        .map(|m| (m.text, m.actor_key))
        .collect()
}

fn keys(g: &Gazetteer, s: &str, date: NaiveDate) -> Vec<String> {
    let mut ctx = MentionContext::new();
    g.find_mentions(s, date, &mut ctx)
        .into_iter()
        .map(|m| m.actor_key)
        .collect()
}

fn p(text: &str, key: &str) -> (String, String) {
    (text.to_string(), key.to_string())
}

const OCT_2023: (i32, u32, u32) = (2023, 10, 20);

fn oct2023() -> NaiveDate {
    d(OCT_2023.0, OCT_2023.1, OCT_2023.2)
}

// ---- data ----------------------------------------------------------------------------

#[test]
fn every_state_row_has_an_alpha3_key_and_the_un_members_are_all_there() {
    let (states, _) = match data::states() {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    // 193 UN members + Taiwan, Kosovo, Palestine, the Holy See + the Soviet Union.
    assert_eq!(states.len(), 198);
    let mut keys = HashSet::new();
    for s in &states {
        assert_eq!(s.key.len(), 3, "{}", s.key);
        assert!(s.key.bytes().all(|b| b.is_ascii_uppercase()), "{}", s.key);
        assert!(keys.insert(s.key.clone()), "duplicate state {}", s.key);
        assert_eq!(s.kind, ActorKind::State);
    }
    for k in [
        "PRK", "KOR", "USA", "RUS", "CHN", "JPN", "UKR", "TWN", "XKX", "PSE", "VAT", "SUN",
    ] {
        assert!(keys.contains(k), "missing {k}");
    }
}

#[test]
fn aliases_are_unique_across_actors() {
    let actors = match builtin_actors() {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    // No alias is deliberately shared today; ambiguous names ("Congo", "Korea") are left
    // out of the data instead. Add a pair here only with a reason.
    let shared: &[&str] = &[];
    let mut owner: HashMap<String, String> = HashMap::new();
    for a in &actors {
        for n in std::iter::once(&a.name).chain(a.aliases.iter()) {
            let n = normalize(n);
            if let Some(k) = owner.get(&n) {
                assert!(
                    k == &a.key || shared.contains(&n.as_str()),
                    "alias '{n}' of {} already belongs to {k}",
                    a.key
                );
            }
            owner.insert(n, a.key.clone());
        }
    }
}

#[test]
fn every_parent_and_role_points_at_a_known_actor_with_ordered_dates() {
    let g = gz();
    for a in g.actors() {
        if let Some(p) = &a.parent {
            assert!(g.get(p).is_some(), "{} has unknown parent {p}", a.key);
        }
        for r in &a.roles {
            if let Some(of) = &r.of {
                assert!(g.get(of).is_some(), "{} role of unknown {of}", a.key);
            }
            if let (Some(s), Some(e)) = (r.start, r.end) {
                assert!(s <= e, "{} role {} ends before it starts", a.key, r.title);
            }
        }
        if a.kind == ActorKind::Person {
            assert!(a.country.is_some(), "{} has no country", a.key);
        }
    }
}

#[test]
fn every_state_has_generated_foreign_and_defense_ministries_and_military() {
    let g = gz();
    let fm = g
        .get("TUV-foreign-ministry")
        .map(|a| (a.parent.clone(), a.kind));
    assert_eq!(fm, Some((Some("TUV".to_string()), ActorKind::Government)));
    assert!(g.get("BRA-defense-ministry").is_some());
    assert_eq!(
        g.get("IND-military").map(|a| a.name.as_str()),
        Some("Indian military")
    );
}

#[test]
fn orgs_refine_generated_bodies_instead_of_duplicating_them() {
    let g = gz();
    let state_dept = g.get("USA-foreign-ministry").map(|a| a.name.as_str());
    assert_eq!(state_dept, Some("U.S. Department of State"));
    assert_eq!(
        g.lookup("State Department").map(|a| a.key.as_str()),
        Some("USA-foreign-ministry")
    );
    assert_eq!(
        g.actors()
            .iter()
            .filter(|a| a.key == "USA-foreign-ministry")
            .count(),
        1
    );
}

// ---- lookup --------------------------------------------------------------------------

#[test]
fn lookup_finds_capitals_acronyms_keys_and_spelling_variants() {
    let g = gz();
    let key = |n: &str| g.lookup(n).map(|a| a.key.clone());
    assert_eq!(key("Pyongyang").as_deref(), Some("PRK"));
    assert_eq!(key("the DPRK").as_deref(), Some("PRK"));
    assert_eq!(key("Kim Jong-un").as_deref(), Some("kim-jong-un"));
    assert_eq!(key("kim jong un").as_deref(), Some("kim-jong-un"));
    assert_eq!(key("Russian Federation").as_deref(), Some("RUS"));
    assert_eq!(key("prk").as_deref(), Some("PRK"));
    assert_eq!(key("Korea’s Central News Agency"), None);
    assert_eq!(key("Kiev").as_deref(), Some("UKR"));
}

#[test]
fn lookup_understands_composed_body_names() {
    let g = gz();
    let key = |n: &str| g.lookup(n).map(|a| a.key.clone());
    assert_eq!(
        key("Russian Foreign Ministry").as_deref(),
        Some("RUS-foreign-ministry")
    );
    assert_eq!(
        key("Russia's Defence Ministry").as_deref(),
        Some("RUS-defense-ministry")
    );
}

#[test]
fn lookup_of_ambiguous_or_unknown_names_is_none() {
    let g = gz();
    assert!(g.lookup("Korea").is_none());
    assert!(g.lookup("Congo").is_none());
    assert!(g.lookup("Kim").is_none());
    assert!(g.lookup("").is_none());
}

#[test]
fn capital_of_tells_a_capital_from_its_state() {
    let g = gz();
    assert_eq!(
        g.capital_of("Pyongyang").map(|a| a.key.as_str()),
        Some("PRK")
    );
    assert_eq!(g.capital_of("Kyiv").map(|a| a.key.as_str()), Some("UKR"));
    assert!(g.capital_of("North Korea").is_none());
}

#[test]
fn role_holder_follows_the_date() {
    let g = gz();
    let holder = |t: &str, of: &str, date| g.role_holder(t, of, date).map(|a| a.key.clone());
    assert_eq!(
        holder("foreign minister", "PRK", d(2019, 6, 1)).as_deref(),
        Some("ri-yong-ho")
    );
    assert_eq!(
        holder("foreign minister", "PRK", d(2021, 6, 1)).as_deref(),
        Some("ri-son-gwon")
    );
    assert_eq!(
        holder("foreign minister", "PRK", oct2023()).as_deref(),
        Some("choe-son-hui")
    );
    assert_eq!(
        holder("president", "USA", d(2018, 6, 12)).as_deref(),
        Some("donald-trump")
    );
    assert_eq!(
        holder("president", "USA", d(2022, 6, 12)).as_deref(),
        Some("joe-biden")
    );
    assert_eq!(
        holder("president", "KOR", d(2015, 1, 1)).as_deref(),
        Some("park-geun-hye")
    );
}

// ---- case, boundaries, blocks --------------------------------------------------------

#[test]
fn acronyms_match_only_in_capitals() {
    let g = gz();
    assert!(keys(
        &g,
        "Let us know what the un-named official told us.",
        oct2023()
    )
    .is_empty());
    assert_eq!(
        keys(&g, "The US and the UN urged the DPRK to talk.", oct2023()),
        ["USA", "un", "PRK"]
    );
    // Currency prefixes are not states.
    assert!(keys(&g, "a US$3 billion deal", oct2023()).is_empty());
}

#[test]
fn names_match_only_on_word_boundaries() {
    let g = gz();
    assert_eq!(
        keys(&g, "Nigeria and Niger signed a pact.", oct2023()),
        ["NGA", "NER"]
    );
    assert!(keys(
        &g,
        "Visitors crowded Chinatown and the Omanis' stalls.",
        oct2023()
    )
    .is_empty());
    // Plurals of demonyms name people, not the state.
    assert!(keys(&g, "Two North Koreans defected.", oct2023()).is_empty());
}

#[test]
fn all_lowercase_common_words_are_not_country_names() {
    let g = gz();
    assert!(keys(
        &g,
        "They served turkey on fine china in the north of the city.",
        oct2023()
    )
    .is_empty());
}

#[test]
fn blocked_places_do_not_name_the_state_inside_them() {
    let g = gz();
    assert!(keys(
        &g,
        "Ships sailed the South China Sea to Latin America.",
        oct2023()
    )
    .is_empty());
    assert_eq!(keys(&g, "Hong Kong and China traded.", oct2023()), ["CHN"]);
}

#[test]
fn possessives_with_straight_or_curly_apostrophes_keep_the_name() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let got = pairs(
        &g,
        "North Korea's missile and Japan’s response",
        oct2023(),
        &mut ctx,
    );
    assert_eq!(got, [p("North Korea", "PRK"), p("Japan", "JPN")]);
}

#[test]
fn demonyms_and_capitals_stand_for_their_state() {
    let g = gz();
    assert_eq!(
        keys(
            &g,
            "Pyongyang fired a missile as Japanese and Chinese envoys met in Kiev.",
            oct2023()
        ),
        ["PRK", "JPN", "CHN", "UKR"]
    );
    assert_eq!(
        keys(&g, "Washington and Seoul will hold drills.", oct2023()),
        ["USA", "KOR"]
    );
}

#[test]
fn historical_soviet_union_is_its_own_actor() {
    let g = gz();
    assert_eq!(
        keys(
            &g,
            "The USSR and the Soviet army backed Pyongyang.",
            oct2023()
        ),
        ["SUN", "SUN-military", "PRK"]
    );
}

// ---- people --------------------------------------------------------------------------

#[test]
fn korean_names_match_in_hyphenated_spaced_and_joined_spellings() {
    let g = gz();
    for s in ["Kim Jong-un", "Kim Jong Un", "Kim Jongun", "KIM JONG UN"] {
        assert_eq!(
            keys(&g, &format!("{s} spoke."), oct2023()),
            ["kim-jong-un"],
            "{s}"
        );
    }
    assert_eq!(
        keys(&g, "Choe Son Hui met Lavrov.", oct2023()),
        ["choe-son-hui", "sergei-lavrov"]
    );
    assert_eq!(
        keys(&g, "Ukraine's Zelenskyy and Zelensky", oct2023()),
        ["UKR", "volodymyr-zelensky", "volodymyr-zelensky"]
    );
}

#[test]
fn state_title_and_name_merge_into_one_person_mention() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let got = pairs(
        &g,
        "North Korean leader Kim Jong-un met Russian Foreign Minister Sergei Lavrov.",
        oct2023(),
        &mut ctx,
    );
    assert_eq!(
        got,
        [
            p("North Korean leader Kim Jong-un", "kim-jong-un"),
            p("Russian Foreign Minister Sergei Lavrov", "sergei-lavrov")
        ]
    );
}

#[test]
fn state_and_title_without_a_name_resolve_to_the_holder_on_the_date() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let got = pairs(
        &g,
        "at a meeting with the Russian foreign minister",
        oct2023(),
        &mut ctx,
    );
    assert_eq!(got, [p("Russian foreign minister", "sergei-lavrov")]);
    assert_eq!(
        keys(&g, "Russia's top diplomat arrived.", oct2023()),
        ["sergei-lavrov"]
    );
    assert_eq!(
        keys(&g, "the South Korean president said", d(2019, 3, 1)),
        ["moon-jae-in"]
    );
    assert_eq!(
        keys(&g, "the South Korean president said", oct2023()),
        ["yoon-suk-yeol"]
    );
    assert_eq!(
        keys(&g, "North Korea’s foreign minister said", d(2019, 3, 1)),
        ["ri-yong-ho"]
    );
}

#[test]
fn former_or_next_title_holders_are_not_the_current_one() {
    let g = gz();
    assert_eq!(
        keys(&g, "the former South Korean president said", oct2023()),
        ["KOR"]
    );
    assert_eq!(
        keys(&g, "an ex-Russian defense minister", oct2023()),
        ["RUS"]
    );
}

#[test]
fn a_title_before_an_unknown_name_does_not_assume_the_holder() {
    let g = gz();
    assert_eq!(
        keys(&g, "Russian Foreign Minister Ivan Petrov said", oct2023()),
        ["RUS"]
    );
    // Weekdays are not names.
    assert_eq!(
        keys(&g, "met the Russian foreign minister Thursday", oct2023()),
        ["sergei-lavrov"]
    );
}

#[test]
fn title_and_surname_resolve_to_the_one_holder_with_that_surname() {
    let g = gz();
    assert_eq!(
        keys(&g, "North Korean leader Kim said", oct2023()),
        ["kim-jong-un"]
    );
    assert_eq!(
        keys(&g, "President Yoon visited Tokyo.", oct2023()),
        ["yoon-suk-yeol", "JPN"]
    );
    assert_eq!(
        keys(&g, "Foreign Minister Choe arrived.", d(2024, 11, 1)),
        ["choe-son-hui"]
    );
    assert_eq!(
        keys(&g, "Chairman Kim met Trump.", d(2018, 6, 12)),
        ["kim-jong-un", "donald-trump"]
    );
}

#[test]
fn surname_after_a_title_the_person_does_not_hold_stays_unresolved() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions("Kim Jong-un inspected the site.", oct2023(), &mut ctx);
    let got = pairs(
        &g,
        "deputy spokesperson Kim told reporters",
        oct2023(),
        &mut ctx,
    );
    assert!(got.is_empty(), "{got:?}");
    let got = pairs(
        &g,
        "North Korean Foreign Minister Ri said",
        oct2023(),
        &mut ctx,
    );
    assert_eq!(got, [p("North Korean", "PRK")]);
}

#[test]
fn bare_kim_without_any_kim_in_context_resolves_to_nothing() {
    let g = gz();
    assert!(keys(&g, "Kim said the talks would continue.", oct2023()).is_empty());
}

#[test]
fn bare_surname_resolves_to_the_last_named_person_with_it() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions(
        "Kim Jong Un's sister Kim Yo-jong issued a statement.",
        oct2023(),
        &mut ctx,
    );
    assert_eq!(
        keys_ctx(&g, "Kim warned Seoul.", &mut ctx),
        ["kim-yo-jong", "KOR"]
    );
}

fn keys_ctx(g: &Gazetteer, s: &str, ctx: &mut MentionContext) -> Vec<String> {
    g.find_mentions(s, oct2023(), ctx)
        .into_iter()
        .map(|m| m.actor_key)
        .collect()
}

#[test]
fn distinctive_surnames_resolve_without_context() {
    let g = gz();
    assert_eq!(
        keys(&g, "Putin and Lavrov met Trump's envoy.", oct2023()),
        ["vladimir-putin", "sergei-lavrov", "donald-trump"]
    );
    // Common or English-word surnames do not.
    assert!(keys(&g, "Moon rose as Austin and Park spoke.", oct2023()).is_empty());
}

#[test]
fn unknown_given_or_first_names_block_surname_resolution() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions("Kim Jong-un spoke.", oct2023(), &mut ctx);
    assert!(keys_ctx(&g, "Kim In-ae, the deputy spokesperson, said", &mut ctx).is_empty());
    assert!(keys_ctx(&g, "the analyst Joseph Kim said", &mut ctx).is_empty());
    // "Kim-Putin summit": a hyphen joins two known surnames, not a given name.
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions("Kim Jong-un spoke.", oct2023(), &mut ctx);
    assert_eq!(
        keys_ctx(&g, "the Kim-Putin summit", &mut ctx),
        ["kim-jong-un", "vladimir-putin"]
    );
}

// ---- bodies --------------------------------------------------------------------------

#[test]
fn state_word_and_body_noun_name_that_states_body() {
    let g = gz();
    assert_eq!(
        keys(&g, "Russia's Defense Ministry said", oct2023()),
        ["RUS-defense-ministry"]
    );
    assert_eq!(
        keys(&g, "the ROK military staged drills", oct2023()),
        ["KOR-military"]
    );
    assert_eq!(
        keys(&g, "the Brazilian Foreign Ministry", oct2023()),
        ["BRA-foreign-ministry"]
    );
    assert_eq!(
        keys(
            &g,
            "the Ministry of National Defence of the DPRK said",
            oct2023()
        ),
        ["PRK-defense-ministry"]
    );
    assert_eq!(
        keys(&g, "Ukrainian forces advanced", oct2023()),
        ["UKR-military"]
    );
    // Outlets that write body nouns in lowercase.
    assert_eq!(
        keys(&g, "Russia's foreign ministry said", oct2023()),
        ["RUS-foreign-ministry"]
    );
}

#[test]
fn state_government_and_regime_are_the_state() {
    let g = gz();
    assert_eq!(
        keys(&g, "the South Korean government said", oct2023()),
        ["KOR"]
    );
    assert_eq!(keys(&g, "sanctions on the Kim regime", oct2023()), ["PRK"]);
}

#[test]
fn a_body_of_the_state_after_its_name_is_one_mention() {
    let g = gz();
    assert_eq!(
        keys(&g, "the U.S. Defense Department said", oct2023()),
        ["USA-defense-ministry"]
    );
    assert_eq!(
        keys(&g, "South Korea's Yonhap news agency", oct2023()),
        ["yonhap"]
    );
}

#[test]
fn unqualified_body_uses_context_or_the_only_such_body() {
    let g = gz();
    assert!(keys(&g, "the Foreign Ministry said", oct2023()).is_empty());
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions(
        "the Japanese Foreign Ministry protested.",
        oct2023(),
        &mut ctx,
    );
    assert_eq!(
        keys_ctx(&g, "the Foreign Ministry said", &mut ctx),
        ["JPN-foreign-ministry"]
    );
    assert_eq!(
        keys(&g, "the Unification Ministry said", oct2023()),
        ["KOR-unification-ministry"]
    );
    // Generic nouns stay unresolved, even capitalized at the start of a sentence.
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions("Russian troops advanced.", oct2023(), &mut ctx);
    assert!(keys_ctx(
        &g,
        "Forces loyal to the governor said the military moved",
        &mut ctx
    )
    .is_empty());
}

// ---- coreference ---------------------------------------------------------------------

#[test]
fn the_north_and_the_south_need_korea_in_context() {
    let g = gz();
    assert!(keys(&g, "The North has demanded talks.", oct2023()).is_empty());
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions("Seoul said on Friday", oct2023(), &mut ctx);
    assert_eq!(
        keys_ctx(&g, "The North and the South met.", &mut ctx),
        ["PRK", "KOR"]
    );
    // "the North Korean" is the demonym, not the anaphor.
    assert_eq!(keys_ctx(&g, "the North Korean side", &mut ctx), ["PRK"]);
}

#[test]
fn the_regime_is_north_korea_only_after_it_was_named() {
    let g = gz();
    assert!(keys(&g, "the regime says", oct2023()).is_empty());
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions("North Korea fired a missile.", oct2023(), &mut ctx);
    assert_eq!(keys_ctx(&g, "the regime says", &mut ctx), ["PRK"]);
}

#[test]
fn the_ministry_and_the_agency_refer_to_the_last_named_ones() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions(
        "the state-run Korean Central News Agency said, and the Russian Foreign Ministry agreed",
        oct2023(),
        &mut ctx,
    );
    assert_eq!(
        keys_ctx(&g, "the ministry said, citing the agency", &mut ctx),
        ["RUS-foreign-ministry", "kcna"]
    );
}

#[test]
fn the_minister_refers_to_the_last_named_minister() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions("Sergei Lavrov met Kim Jong Un.", oct2023(), &mut ctx);
    assert_eq!(
        keys_ctx(&g, "the minister left", &mut ctx),
        ["sergei-lavrov"]
    );
}

// ---- robustness ----------------------------------------------------------------------

#[test]
fn mentions_are_ordered_non_overlapping_and_slice_the_sentence() {
    let g = gz();
    let s = "“Kim and Lavrov agreed,” the state-run Korean Central News Agency said — \
             as Seoul, Tokyo and Washington’s envoys met in São Paulo; Côte d'Ivoire abstained.";
    let mut ctx = MentionContext::new();
    let ms = g.find_mentions(s, oct2023(), &mut ctx);
    assert!(ms.len() >= 5, "{ms:?}");
    let mut last = 0;
    for m in &ms {
        assert!(m.start >= last && m.start < m.end);
        assert_eq!(s.get(m.start..m.end), Some(m.text.as_str()));
        last = m.end;
    }
    assert!(ms.iter().any(|m| m.actor_key == "CIV"));
}

#[test]
fn odd_unicode_and_empty_input_never_panic() {
    let g = gz();
    let mut ctx = MentionContext::new();
    for s in [
        "",
        " ",
        "’s",
        "Kim",
        "Kim ",
        " Kim’",
        "the North’",
        "é—Korea’s🙂US",
        "Russia's",
    ] {
        let _ = g.find_mentions(s, oct2023(), &mut ctx);
    }
}

#[test]
fn user_actors_extend_and_refine_the_builtin_ones() {
    let mut actors = match builtin_actors() {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    actors.push(Actor {
        key: "kim-in-ae".into(),
        name: "Kim In-ae".into(),
        kind: ActorKind::Person,
        country: Some("KOR".into()),
        cameo: None,
        qid: None,
        parent: Some("KOR-unification-ministry".into()),
        aliases: vec![],
        roles: vec![],
    });
    actors.push(Actor {
        key: "PRK".into(),
        name: "North Korea".into(),
        kind: ActorKind::State,
        country: Some("PRK".into()),
        cameo: None,
        qid: None,
        parent: None,
        aliases: vec!["the hermit kingdom".into()],
        roles: vec![],
    });
    let g = match Gazetteer::from_actors(actors) {
        Ok(g) => g,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(keys(&g, "Kim In-ae said", oct2023()), ["kim-in-ae"]);
    assert_eq!(
        g.lookup("the hermit kingdom").map(|a| a.key.as_str()),
        Some("PRK")
    );
    assert_eq!(g.lookup("DPRK").map(|a| a.key.as_str()), Some("PRK"));
}
/// Timing in the unoptimised test build (run with `--ignored --nocapture`); a loose
/// bound so a pathological slowdown (a rebuilt automaton per call) fails loudly.
#[test]
#[ignore]
fn matching_a_typical_sentence_is_fast() {
    let t0 = std::time::Instant::now();
    let g = match builtin_actors().and_then(Gazetteer::from_actors) {
        Ok(g) => g,
        Err(e) => panic!("{e}"),
    };
    let build = t0.elapsed();
    let s = "The two-day trip from Wednesday by Foreign Minister Sergei Lavrov came as Kim and \
             Russian President Vladimir Putin seek to fight off what they see as a US-led isolation.";
    let n = 2000;
    let t1 = std::time::Instant::now();
    let mut found = 0;
    for _ in 0..n {
        let mut ctx = MentionContext::new();
        found += g.find_mentions(s, oct2023(), &mut ctx).len();
    }
    let per = t1.elapsed() / n;
    println!(
        "build {build:?}, {} actors, {per:?} per sentence",
        g.actors().len()
    );
    assert_eq!(found, 3 * n as usize);
    assert!(per < std::time::Duration::from_millis(2));
}

#[test]
fn state_possessive_and_surname_name_that_states_leader_first() {
    let g = gz();
    assert_eq!(
        keys(&g, "North Korea's Kim oversaw the launch.", oct2023()),
        ["kim-jong-un"]
    );
    assert_eq!(
        keys(&g, "China's Xi and Japan's Kishida", oct2023()),
        ["xi-jinping", "fumio-kishida"]
    );
    assert_eq!(
        keys(&g, "South Korea's Yoon said", oct2023()),
        ["yoon-suk-yeol"]
    );
    // Nobody of that surname in office for that state: the state alone.
    assert_eq!(keys(&g, "Japan's Kim said", oct2023()), ["JPN"]);
}

#[test]
fn title_and_surname_find_a_former_holder_when_nobody_holds_it_now() {
    let g = gz();
    assert_eq!(
        keys(&g, "President Trump and President Moon met.", oct2023()),
        ["donald-trump", "moon-jae-in"]
    );
}

#[test]
fn igo_title_and_name_merge_into_one_person_mention() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let got = pairs(
        &g,
        "NATO Secretary-General Jens Stoltenberg said",
        oct2023(),
        &mut ctx,
    );
    assert_eq!(
        got,
        [p(
            "NATO Secretary-General Jens Stoltenberg",
            "jens-stoltenberg"
        )]
    );
    assert_eq!(
        keys(&g, "Iran's supreme leader warned", oct2023()),
        ["ali-khamenei"]
    );
}

#[test]
fn a_middle_initial_does_not_hide_a_known_name() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let got = pairs(
        &g,
        "Deputy Defense Secretary Patrick M. Shanahan met",
        d(2018, 1, 19),
        &mut ctx,
    );
    assert_eq!(got, [p("Patrick M. Shanahan", "patrick-shanahan")]);
    // An unknown first name with an initial stays unresolved.
    assert!(keys(&g, "analyst John Q. Putin said", oct2023()).is_empty());
}

#[test]
fn a_full_name_glued_to_the_previous_word_is_still_found() {
    let g = gz();
    assert_eq!(
        keys(
            &g,
            "the first visit of ComradeKim Il Sung, premier",
            oct2023()
        ),
        ["kim-il-sung"]
    );
    // Single words are not unglued: "Omanis", "Chinatown".
    assert!(keys(&g, "in Chinatown", oct2023()).is_empty());
}

#[test]
fn coordinated_names_sharing_a_head_give_both_states() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let got = pairs(
        &g,
        "talks between North and South Korea resumed",
        oct2023(),
        &mut ctx,
    );
    assert_eq!(got, [p("North", "PRK"), p("South Korea", "KOR")]);
    assert_eq!(keys(&g, "South and North Korea", oct2023()), ["KOR", "PRK"]);
    assert_eq!(keys(&g, "Mali and South Africa", oct2023()), ["MLI", "ZAF"]);
}

#[test]
fn user_actor_tables_parse_from_csv_with_roles_and_aliases() {
    let csv = "key,name,kind,country,parent,aliases,roles\n\
               kim-in-ae,Kim In-ae,person,KOR,KOR-unification-ministry,,\
               deputy spokesperson@KOR-unification-ministry@2023-01-01@\n\
               kn-23,KN-23 unit,military,PRK,PRK-military,\"KN-23 brigade|KN23 unit\",\n";
    let actors = match parse_actor_table(csv, "extra.csv") {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(actors.len(), 2);
    assert_eq!(actors[0].roles.len(), 1);
    assert_eq!(actors[0].roles[0].start, Some(d(2023, 1, 1)));
    assert_eq!(actors[1].aliases, ["KN-23 brigade", "KN23 unit"]);
    assert_eq!(actors[1].kind, ActorKind::Military);
}

#[test]
fn user_actor_table_errors_name_the_line_and_what_to_fix() {
    let bad = "key,name,kind\nx,X,planet\n";
    let msg = parse_actor_table(bad, "extra.csv")
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with("extra.csv:2: unknown actor kind 'planet'"),
        "{msg}"
    );
    let msg = parse_actor_table("id,label\n", "extra.csv")
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("key, name and kind"), "{msg}");
}

#[test]
fn places_and_missiles_named_after_actors_are_not_the_actors() {
    let g = gz();
    assert!(keys(&g, "a parade in Kim Il Sung Square", oct2023()).is_empty());
    assert!(keys(&g, "a Rodong missile flew", oct2023()).is_empty());
    assert!(keys(&g, "the National Security Council met", oct2023()).is_empty());
}

#[test]
fn honorifics_defer_to_context() {
    let g = gz();
    let mut ctx = MentionContext::new();
    assert!(keys_ctx(&g, "Comrade Kim said", &mut ctx).is_empty());
    let _ = g.find_mentions("Kim Jong Un arrived.", oct2023(), &mut ctx);
    assert_eq!(keys_ctx(&g, "Comrade Kim said", &mut ctx), ["kim-jong-un"]);
}

#[test]
fn parents_come_before_their_children_so_a_store_can_insert_in_order() {
    let g = gz();
    let mut seen = HashSet::new();
    for a in g.actors() {
        if let Some(p) = &a.parent {
            assert!(
                seen.contains(p.as_str()),
                "{} listed before its parent {p}",
                a.key
            );
        }
        seen.insert(a.key.as_str());
    }
}

#[test]
fn title_of_a_state_resolves_to_the_holder_unless_it_describes_a_name() {
    let g = gz();
    assert_eq!(
        keys(&g, "the foreign minister of Russia arrived", oct2023()),
        ["sergei-lavrov"]
    );
    assert_eq!(
        keys(&g, "the former president of South Korea", oct2023()),
        ["KOR"]
    );
    assert_eq!(
        keys(
            &g,
            "Choe Son Hui, foreign minister of the DPRK, and Lavrov",
            d(2024, 11, 2)
        ),
        ["choe-son-hui", "PRK", "sergei-lavrov"]
    );
}

#[test]
fn a_body_located_in_a_capital_belongs_to_that_state() {
    let g = gz();
    assert_eq!(
        keys(&g, "the Foreign Ministry in Moscow said", oct2023()),
        ["RUS-foreign-ministry"]
    );
}

#[test]
fn shared_titles_like_envoy_need_a_name() {
    let g = gz();
    assert_eq!(
        keys(&g, "The Russian envoy said Moscow backs talks", oct2023()),
        ["RUS", "RUS"]
    );
    assert_eq!(keys(&g, "a Russian minister said", oct2023()), ["RUS"]);
}

#[test]
fn every_cut_of_a_dense_sentence_gives_ordered_valid_mentions() {
    let g = gz();
    let s = "North Korean leader Kim Jong-un’s sister, Kim Yo Jong, told Russia’s top diplomat — \
             and the U.S. Defense Department — that the Foreign Ministry in Moscow, Seoul's \
             spy agency and President Yoon's office (KCNA-Yonhap) were wrong; North and South \
             Korea, Patrick M. Shanahan and ComradeKim Il Sung agreed.";
    let cuts: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
    for &a in cuts.iter().step_by(3) {
        for &b in [s.len(), a + (s.len() - a) / 2].iter() {
            let Some(part) = s.get(a..b) else { continue };
            let mut ctx = MentionContext::new();
            let mut last = 0;
            for m in g.find_mentions(part, oct2023(), &mut ctx) {
                assert!(m.start >= last && m.start < m.end, "{part:?}: {m:?}");
                assert_eq!(part.get(m.start..m.end), Some(m.text.as_str()));
                assert!(g.get(&m.actor_key).is_some());
                last = m.end;
            }
        }
    }
}

#[test]
fn state_of_walks_from_bodies_and_people_to_their_state() {
    let g = gz();
    let st = |k: &str| g.state_of(k).map(|a| a.key.clone());
    assert_eq!(st("RUS-foreign-ministry").as_deref(), Some("RUS"));
    assert_eq!(st("sergei-lavrov").as_deref(), Some("RUS"));
    assert_eq!(st("kcna").as_deref(), Some("PRK"));
    assert_eq!(st("PRK").as_deref(), Some("PRK"));
    assert_eq!(st("nato"), None);
}

#[test]
fn a_bare_surname_after_an_unknown_namesake_stays_unresolved() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions("Kim Jong Un inspected the site.", oct2023(), &mut ctx);
    let _ = g.find_mentions(
        "Kim In-ae, a ministry spokesperson, said talks matter.",
        oct2023(),
        &mut ctx,
    );
    assert!(keys_ctx(&g, "Kim added that Seoul would wait.", &mut ctx) == ["KOR"]);
    assert!(ctx.recent().all(|k| g.get(k).is_some()));
}

#[test]
fn an_unqualified_body_refers_back_only_a_few_mentions() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions(
        "China's foreign ministry declined to comment.",
        oct2023(),
        &mut ctx,
    );
    let _ = g.find_mentions(
        "Seoul, Tokyo, Washington, Moscow, Pyongyang, Kyiv and Paris reacted.",
        oct2023(),
        &mut ctx,
    );
    assert!(keys_ctx(&g, "the Foreign Ministry convened a meeting", &mut ctx).is_empty());
}

#[test]
fn surnames_that_are_common_words_never_resolve_alone() {
    let g = gz();
    let mut ctx = MentionContext::new();
    let _ = g.find_mentions(
        "Theresa May and No Kwang Chol met.",
        d(2019, 1, 1),
        &mut ctx,
    );
    assert!(keys_ctx(&g, "No deal was reached in May.", &mut ctx).is_empty());
    assert_eq!(
        g.find_mentions("Prime Minister May said", d(2019, 1, 1), &mut ctx)
            .into_iter()
            .map(|m| m.actor_key)
            .collect::<Vec<_>>(),
        ["theresa-may"]
    );
}

#[test]
fn a_small_user_gazetteer_works_without_the_builtin_actors() {
    let only = Actor {
        key: "acme".into(),
        name: "Acme Corporation".into(),
        kind: ActorKind::Organization,
        country: None,
        cameo: None,
        qid: None,
        parent: None,
        aliases: vec!["Acme".into()],
        roles: vec![],
    };
    let g = match Gazetteer::from_actors(vec![only]) {
        Ok(g) => g,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        keys(&g, "Acme said the North would not comment.", oct2023()),
        ["acme"]
    );
}

#[test]
fn builtin_anaphors_point_at_known_actors() {
    let g = gz();
    for a in data::anaphors().unwrap_or_default() {
        if let data::AnaphorRule::IfSeen { key, .. } = &a.rule {
            assert!(g.get(key).is_some(), "{} -> {key}", a.phrase);
        }
    }
}

/// The built-in actors plus user ones, as `Store::gazetteer_with_user` builds them.
fn with_user(extra: Vec<Actor>) -> Gazetteer {
    let mut actors = match builtin_actors() {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    actors.extend(extra);
    match Gazetteer::from_actors(actors) {
        Ok(g) => g,
        Err(e) => panic!("{e}"),
    }
}

fn user_actor(key: &str, name: &str, kind: ActorKind, country: Option<&str>) -> Actor {
    Actor {
        key: key.into(),
        name: name.into(),
        kind,
        country: country.map(str::to_string),
        cameo: None,
        qid: None,
        parent: None,
        aliases: Vec::new(),
        roles: Vec::new(),
    }
}

#[test]
fn long_title_case_name_needs_its_capitals() {
    let g = with_user(vec![user_actor(
        "armed-islamic-group",
        "Armed Islamic Group",
        ActorKind::Group,
        Some("DZA"),
    )]);
    assert_eq!(
        keys(
            &g,
            "He helped militants join an armed Islamic group in Lebanon.",
            d(2008, 8, 6)
        ),
        ["LBN"]
    );
    assert_eq!(
        keys(
            &g,
            "The Armed Islamic Group claimed the attack.",
            d(2008, 8, 6)
        ),
        ["armed-islamic-group"]
    );
    assert_eq!(
        keys(&g, "ARMED ISLAMIC GROUP CLAIMS ATTACK", d(2008, 8, 6)),
        ["armed-islamic-group"]
    );
}

#[test]
fn user_person_surname_alone_needs_an_earlier_mention() {
    let g = with_user(vec![user_actor(
        "jeffrey-kupfer",
        "Jeffrey Kupfer",
        ActorKind::Person,
        Some("USA"),
    )]);
    let date = d(2008, 8, 6);
    assert!(keys(&g, "Kupfer said the talks went well.", date).is_empty());
    let mut ctx = MentionContext::new();
    let first = pairs(
        &g,
        "US Deputy Secretary of Energy Jeffrey Kupfer spoke.",
        date,
        &mut ctx,
    );
    assert!(
        first.contains(&p("Jeffrey Kupfer", "jeffrey-kupfer")),
        "{first:?}"
    );
    let later = pairs(&g, "Kupfer said the talks went well.", date, &mut ctx);
    assert_eq!(later, [p("Kupfer", "jeffrey-kupfer")]);
}

#[test]
fn imported_namesake_does_not_take_a_known_leaders_surname() {
    let g = with_user(vec![user_actor(
        "michelle-obama",
        "Michelle Obama",
        ActorKind::Person,
        Some("USA"),
    )]);
    assert_eq!(
        keys(&g, "Obama is scheduled to attend a summit.", d(2015, 6, 9)),
        ["barack-obama"]
    );
}

#[test]
fn lowercase_last_word_is_never_a_surname() {
    let g = with_user(vec![user_actor(
        "moon-chung-in-x",
        "Moon Chung in",
        ActorKind::Person,
        Some("KOR"),
    )]);
    let found = keys(
        &g,
        "Brazil is seeking a partnership in energy.",
        d(2008, 8, 6),
    );
    assert_eq!(found, ["BRA"]);
}

#[test]
fn actors_named_reports_every_meaning_of_a_name() {
    let g = gz();
    let ukr: Vec<&str> = g
        .actors_named("Ukrainian")
        .iter()
        .map(|a| a.key.as_str())
        .collect();
    assert_eq!(ukr, ["UKR"]);
    assert!(g.actors_named("Zorgland").is_empty());
}
