fn main() {
    // The About panel's build date (UTC), from the build's own clock.
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    println!("cargo:rustc-env=STOREFRONT_BUILD_DATE={}", civil_date(days));
    // The card's layout keeps the app's sources under src-tauri/app while
    // tauri.conf.json sits at the top: point tauri-build at the capabilities.
    println!("cargo:rerun-if-changed=src-tauri/app/capabilities");
    // A build script reports failure by panicking: cargo shows the message.
    #[allow(clippy::expect_used)]
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/app/capabilities/**/*"),
    )
    .expect("tauri build script");
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (Howard Hinnant's
/// days-to-civil), so the build script needs no date crate.
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
