fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let f = claimlint::source::SourceFile::new(path, text);
    let doc = claimlint::markdown::parse(&f, &Default::default());
    for b in &doc.blocks {
        let span = b.map.span(0..b.text.len());
        println!("{:?} list={} html={} {:?}\n   SRC {:?}\n   refs {:?}", b.kind, b.in_list, b.from_html, b.text, &f.text[span], b.refs.iter().map(|r| &r.kind).collect::<Vec<_>>());
    }
}
