use super::*;

fn package(version: &str) -> Waiting {
    Waiting {
        version: version.into(),
        manifest: serde_json::json!({ "version": version, "platforms": {} }),
        bytes: format!("the {version} installer").into_bytes(),
    }
}

#[test]
fn a_kept_package_waits_whole_until_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let updates = dir.path().join("updates");
    assert!(
        waiting(&updates).unwrap().is_none(),
        "nothing waits at first"
    );
    keep(&updates, &package("1.1.0")).unwrap();
    keep(&updates, &package("1.2.0")).unwrap();
    let kept = waiting(&updates).unwrap().expect("a package waits");
    assert_eq!(
        kept.version, "1.2.0",
        "the newer package replaced the older"
    );
    assert_eq!(kept.bytes, b"the 1.2.0 installer");
    assert_eq!(kept.manifest["version"], "1.2.0");
    discard(&updates).unwrap();
    assert!(waiting(&updates).unwrap().is_none());
    assert_eq!(
        std::fs::read_dir(&updates).unwrap().count(),
        0,
        "no files left"
    );
}

#[test]
fn a_package_kept_halfway_is_not_taken_for_whole() {
    let dir = tempfile::tempdir().unwrap();
    // Killed after the bytes, before the manifest.
    std::fs::write(dir.path().join(PACKAGE), b"half").unwrap();
    assert!(waiting(dir.path()).unwrap().is_none());
    assert!(
        !dir.path().join(PACKAGE).exists(),
        "the half package is removed"
    );
    // A manifest without its package, or one that is not a manifest.
    keep(dir.path(), &package("1.2.0")).unwrap();
    std::fs::remove_file(dir.path().join(PACKAGE)).unwrap();
    assert!(waiting(dir.path()).unwrap().is_none());
    keep(dir.path(), &package("1.2.0")).unwrap();
    std::fs::write(dir.path().join(MANIFEST), b"{ not json").unwrap();
    assert!(waiting(dir.path()).unwrap().is_none());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn the_next_start_says_once_whether_the_install_took() {
    let dir = tempfile::tempdir().unwrap();
    keep(dir.path(), &package("1.2.0")).unwrap();
    installing(dir.path(), "1.1.0", "1.2.0").unwrap();
    assert!(
        waiting(dir.path()).unwrap().is_none(),
        "the package is given up to the installer"
    );
    assert_eq!(
        installed(dir.path(), "1.2.0").unwrap(),
        Some(AtStart::Installed {
            from: "1.1.0".into(),
            to: "1.2.0".into()
        })
    );
    assert_eq!(installed(dir.path(), "1.2.0").unwrap(), None, "said once");

    installing(dir.path(), "1.1.0", "v1.3.0").unwrap();
    match installed(dir.path(), "1.1.0").unwrap() {
        Some(AtStart::Discarded {
            version, reason, ..
        }) => {
            assert_eq!(version, "v1.3.0");
            assert_eq!(reason, UpdateFailure::InstallFailed);
        }
        other => panic!("a failed install is said: {other:?}"),
    }
    assert!(installed(dir.path(), "v1.3.0").unwrap().is_none());
}
