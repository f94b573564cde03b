//! The window's side of every Tauri command, generated from the commands
//! themselves: `ui/src/lib/commands.ts` holds one typed function per
//! `#[tauri::command]` (its name, its arguments as Tauri names them, its
//! result), so a renamed command or argument fails `npm run check` instead
//! of a click. The file is checked in; this test fails when it is stale,
//! and when a command is written but not registered, or registered but
//! not written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::{FnArg, GenericArgument, Item, ItemFn, Pat, PathArguments, ReturnType, Type};

fn app_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src-tauri/app")
}

/// Every `#[tauri::command]` function of the app's modules, by module.
fn commands() -> Vec<(String, ItemFn)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(app_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for item in file.items {
            if let Item::Fn(f) = item {
                if f.attrs.iter().any(is_command) {
                    out.push((module.clone(), f));
                }
            }
        }
    }
    out
}

fn is_command(attr: &syn::Attribute) -> bool {
    let segments: Vec<String> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments == ["tauri", "command"]
}

/// The names `generate_handler!` registers, last path segment each.
fn registered() -> BTreeSet<String> {
    let text = std::fs::read_to_string(app_dir().join("commands.rs")).unwrap();
    let at = text
        .find("generate_handler![")
        .expect("a generate_handler! list");
    let list = &text[at + "generate_handler![".len()..];
    let list = &list[..list.find(']').unwrap()];
    list.split(',')
        .map(|s| s.trim().rsplit("::").next().unwrap_or_default().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// What Tauri calls an argument on the window's side: camelCase.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Generic arguments of a path segment, as types.
fn generics(args: &PathArguments) -> Vec<&Type> {
    match args {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The TypeScript for a Rust type crossing IPC; names of types from
/// `bindings.ts` are collected in `used`.
fn ts(ty: &Type, used: &mut BTreeSet<String>) -> String {
    match ty {
        Type::Reference(r) => ts(&r.elem, used),
        Type::Tuple(t) if t.elems.is_empty() => "void".into(),
        Type::Tuple(t) => {
            let parts: Vec<String> = t.elems.iter().map(|e| ts(e, used)).collect();
            format!("[{}]", parts.join(", "))
        }
        Type::Path(p) => {
            let last = p.path.segments.last().unwrap();
            let name = last.ident.to_string();
            let args = generics(&last.arguments);
            match name.as_str() {
                "String" | "str" | "char" | "Money" | "NaiveDate" => "string".into(),
                "bool" => "boolean".into(),
                "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize"
                | "f32" | "f64" => "number".into(),
                "Option" => format!("{} | null", ts(args[0], used)),
                "Vec" => format!("Array<{}>", ts(args[0], used)),
                "Map" | "HashMap" | "BTreeMap" => {
                    format!("Record<{}, {}>", ts(args[0], used), ts(args[1], used))
                }
                "Value" => "unknown".into(),
                "Response" => "ArrayBuffer".into(),
                "Result" | "Reply" => ts(args[0], used),
                _ => {
                    used.insert(name.clone());
                    match args.is_empty() {
                        true => name,
                        false => {
                            let inner: Vec<String> = args.iter().map(|a| ts(a, used)).collect();
                            format!("{name}<{}>", inner.join(", "))
                        }
                    }
                }
            }
        }
        other => panic!("no TypeScript for {}", other.to_token_stream()),
    }
}

/// Arguments the window never sends: Tauri fills them in.
fn injected(ty: &Type) -> bool {
    let text = ty.to_token_stream().to_string();
    ["State", "AppHandle", "Window", "WebviewWindow"]
        .iter()
        .any(|t| text.starts_with(t) || text.contains(&format!(":: {t}")))
}

fn is_request(ty: &Type) -> bool {
    let text = ty.to_token_stream().to_string();
    text.starts_with("Request") || text.contains(":: Request")
}

/// One command as a typed function.
fn function(f: &ItemFn, used: &mut BTreeSet<String>) -> String {
    let name = f.sig.ident.to_string();
    let result = match &f.sig.output {
        ReturnType::Default => "void".to_string(),
        ReturnType::Type(_, t) => ts(t, used),
    };
    let mut params = Vec::new();
    let mut keys = Vec::new();
    let mut raw = false;
    for input in &f.sig.inputs {
        let FnArg::Typed(arg) = input else { continue };
        if injected(&arg.ty) {
            continue;
        }
        if is_request(&arg.ty) {
            raw = true;
            continue;
        }
        let Pat::Ident(id) = &*arg.pat else {
            panic!("{name}: an argument that is not a plain name")
        };
        let key = camel(id.ident.to_string().trim_start_matches('_'));
        params.push(format!("{key}: {}", ts(&arg.ty, used)));
        keys.push(key);
    }
    let call = if raw {
        // The file goes as the raw body; its name and other words in headers.
        params.push("bytes: Uint8Array".into());
        params.push("headers: Record<string, string>".into());
        format!("invoke<{result}>(\"{name}\", bytes, {{ headers }})")
    } else if keys.is_empty() {
        format!("invoke<{result}>(\"{name}\")")
    } else {
        format!("invoke<{result}>(\"{name}\", {{ {} }})", keys.join(", "))
    };
    format!(
        "  {}: ({}) =>\n    {call},\n",
        camel(&name),
        params.join(", ")
    )
}

fn typescript() -> String {
    let mut used = BTreeSet::new();
    let mut body = String::new();
    let mut module = String::new();
    for (m, f) in commands() {
        if m != module {
            body.push_str(&format!("  // {m}.rs\n"));
            module = m;
        }
        body.push_str(&function(&f, &mut used));
    }
    let names: Vec<String> = used.into_iter().collect();
    format!(
        "// Generated from the #[tauri::command] functions of src-tauri/app by\n\
         // `UPDATE_BINDINGS=1 cargo test -p storefront-app --test commands`.\n\
         // Do not edit: a stale file fails that test.\n\
         import {{ invoke }} from \"@tauri-apps/api/core\";\n\
         import type {{\n{}\n}} from \"./bindings\";\n\n\
         export const commands = {{\n{body}}};\n",
        names
            .iter()
            .map(|n| format!("  {n},"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

#[test]
fn every_command_written_is_registered_and_every_registered_one_written() {
    let written: BTreeSet<String> = commands()
        .iter()
        .map(|(_, f)| f.sig.ident.to_string())
        .collect();
    let registered = registered();
    let unregistered: Vec<_> = written.difference(&registered).collect();
    let missing: Vec<_> = registered.difference(&written).collect();
    assert!(
        unregistered.is_empty(),
        "written, not in generate_handler!: {unregistered:?}"
    );
    assert!(
        missing.is_empty(),
        "in generate_handler!, not written: {missing:?}"
    );
}

#[test]
fn the_window_s_command_functions_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/commands.ts");
    let fresh = typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p storefront-app --test commands`",
        path.display()
    );
}

#[test]
fn arguments_are_named_as_tauri_sends_them() {
    assert_eq!(camel("order_no"), "orderNo");
    assert_eq!(camel("allow_oversell"), "allowOversell");
    let mut used = BTreeSet::new();
    let ty: Type = syn::parse_str("Reply<Option<Vec<(String, i32)>>>").unwrap();
    assert_eq!(ts(&ty, &mut used), "Array<[string, number]> | null");
    let page: Type = syn::parse_str("Result<Page<OrderRow>, IpcError>").unwrap();
    assert_eq!(ts(&page, &mut used), "Page<OrderRow>");
    assert_eq!(used.into_iter().collect::<Vec<_>>(), ["OrderRow", "Page"]);
}
