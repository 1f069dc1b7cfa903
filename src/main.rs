use std::io::Read;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let c = claimlint::classify::Classifier::default();
    if args[1] == "classify" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).unwrap();
        for line in s.lines() {
            let r = c.classify(line, Default::default());
            println!("{}", serde_json::json!({"text": line, "claim": r.claim, "strength": r.relation.as_str(), "negated": r.negated, "kind": r.kind.as_str(), "triggers": r.triggers, "reasons": r.reasons}));
        }
        return;
    }
    let mut claims = vec![];
    for p in &args[4..] {
        let text = std::fs::read_to_string(p).unwrap();
        let f = claimlint::source::SourceFile::new(p.clone(), text);
        let doc = claimlint::markdown::parse(&f, &Default::default());
        let found = claimlint::claims::find(&doc, &c);
        for cl in found.claims {
            claims.push(serde_json::json!({"path": p, "span": {"start": cl.span.start, "end": cl.span.end}, "text": cl.text, "strength": cl.strength.as_str(), "kind": cl.kind.as_str(), "status": if cl.sources.is_empty() {"unsupported"} else {"supported"}}));
        }
    }
    println!("{}", serde_json::json!({"version": 1, "claims": claims}));
}
