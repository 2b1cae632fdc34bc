use super::*;

fn gz() -> Gazetteer {
    match Gazetteer::builtin() {
        Ok(g) => g,
        Err(e) => panic!("builtin gazetteer: {e}"),
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

#[test]
fn probe_dev_articles() {
    let g = gz();
    let dir = std::env::var("PROBE_DIR").unwrap_or_default();
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return;
    };
    for f in rd.flatten() {
        let text = std::fs::read_to_string(f.path()).unwrap_or_default();
        let mut ctx = MentionContext::new();
        println!("=== {:?}", f.path());
        for line in text.lines() {
            let ms = g.find_mentions(line, d(2023, 10, 20), &mut ctx);
            for m in ms {
                println!("{:?} -> {}", m.text, m.actor_key);
            }
        }
    }
}
