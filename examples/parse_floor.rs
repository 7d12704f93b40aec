//! The benchmark floor for `chartcheck lint`: only parse the same bytes with the same YAML
//! loader, document by document as lint does. Used by bench/lint.sh.

// The same allocator as the chartcheck binary, so the floor differs from lint only in work.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("usage: parse_floor FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let limits = chartcheck::yaml::Limits::default();
    let mut nodes = 0usize;
    for document in text.split("\n---\n") {
        let documents = chartcheck::yaml::load_str(document, &limits).expect("valid YAML");
        nodes += documents.len();
    }
    // Printed so the work cannot be optimised away.
    println!("{nodes} documents");
}
