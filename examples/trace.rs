//! Print what each extraction stage sees in an article, sentence by sentence: time
//! expressions with values and ranges, actor mentions, triggers. A developer's lens for
//! deciding why an event was or was not produced.
//!
//! cargo run --example trace -- ARTICLE

use annals::actor::MentionContext;
use annals::article::{self, ReadOptions};
use annals::event::Extractor;
use annals::sentence;
use annals::temporal::{self, Resolver};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: trace ARTICLE");
        std::process::exit(2);
    };
    let ex = match Extractor::builtin() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for a in article::read_path(std::path::Path::new(&path), &ReadOptions::default()) {
        let a = match a {
            Ok(a) => a,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        println!("== {} published {}", a.origin, a.published);
        let mut r = Resolver::new(a.published);
        let mut ctx = MentionContext::default();
        for s in sentence::split(&a.body) {
            println!("\n> {}", s.text);
            for t in r.tag_sentence(s.text) {
                println!(
                    "   time  {:?} {:?} value={} range={:?} tense={:?}",
                    t.text,
                    t.timex_type,
                    t.value,
                    t.range.map(|r| (r.start, r.end, r.precision)),
                    temporal::tense_at(s.text, t.start)
                );
            }
            for m in ex.gazetteer.find_mentions(s.text, a.published, &mut ctx) {
                println!("   actor {:?} -> {}", m.text, m.actor_key);
            }
            for m in ex.lexicon.find(s.text) {
                println!(
                    "   trig  {:?} ({}) tense={:?}",
                    &s.text[m.start..m.end],
                    ex.lexicon.triggers[m.row].name,
                    temporal::tense_at(s.text, m.start)
                );
            }
        }
        let x = ex.extract(&a);
        println!("\n== events");
        for e in &x.events {
            println!(
                "  {}..{} {} {} {:?} {:?} | {}",
                e.date.start,
                e.date.end,
                e.status,
                e.event_type,
                e.mode,
                e.actors
                    .iter()
                    .map(|a| (&a.key, a.role))
                    .collect::<Vec<_>>(),
                e.summary
            );
        }
        for u in &x.undated {
            println!("  undated: {u}");
        }
    }
}
