fn main() {
    // The card's layout keeps the app's sources under src-tauri/app while
    // tauri.conf.json sits at the top: point tauri-build at the capabilities.
    println!("cargo:rerun-if-changed=src-tauri/app/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/app/capabilities/**/*"),
    )
    .expect("tauri build script");
}
