//! Build step of the PWA (scripts/wasm-build.mjs): splits the app's wasm, linked with `--emit-relocs`, at its split
//! points (`#[wasm_split]`/`#[lazy]` functions) into the main module, one chunk per split point and the
//! JavaScript that loads a chunk when its function is first called, all written into one folder.
//!
//! Usage: `shopper-wasm-split <input.wasm> <output dir> <main module name>`; the main module comes out as
//! `<name>.wasm` (for wasm-bindgen, whose glue becomes `<name>.js`), the loader as `__wasm_split.js`, and
//! `prefetch.txt` lists, per split point, the files its first call fetches (the chunks it shares with other
//! split points, then its own), one split point a line: `<split point> <file stem>...`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, name] = args.as_slice() else {
        eprintln!("usage: shopper-wasm-split <input.wasm> <output dir> <main module name>");
        return ExitCode::from(2);
    };
    match split(input, &PathBuf::from(output), name) {
        Ok(chunks) => {
            for chunk in chunks {
                println!("{}", chunk.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("wasm-split: {error:?}");
            ExitCode::FAILURE
        }
    }
}

/// Splits `input` into `output`; gives the chunks it wrote.
fn split(input: &str, output: &std::path::Path, name: &str) -> eyre::Result<Vec<PathBuf>> {
    let wasm = std::fs::read(input)?;
    let main_out = output.join(format!("{name}.wasm"));
    let main_module = format!("./{name}.js");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = output;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.link_name = "./__wasm_split.js";
    let split = wasm_split_cli_support::transform(options)?;
    let mut prefetch: Vec<String> = split
        .prefetch_map
        .iter()
        .map(|(point, files)| format!("{point} {}\n", files.join(" ")))
        .collect();
    prefetch.sort();
    std::fs::write(output.join("prefetch.txt"), prefetch.concat())?;
    Ok(split.split_modules)
}
