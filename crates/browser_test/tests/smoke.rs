//! The client against a one-page server on loopback: navigate, find, type, read, screenshot,
//! and no chromedriver left behind after drop.

use std::io::{Read, Write};
use std::net::TcpListener;

use browser_test::{Browser, skip_requested};

const PAGE: &str = "<!doctype html><html><head><title>Smoke</title></head><body>\
<h1 id=\"h\">Hello &amp; welcome</h1><input id=\"q\" name=\"q\"><p class=\"x\">one</p><p class=\"x\">two</p><a id=\"next\" href=\"/next\">next</a>\
</body></html>";

fn serve_one_page() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let resp = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
                PAGE.len()
            );
            let _ = s.write_all(resp.as_bytes());
        }
    });
    port
}

#[tokio::test]
async fn drives_a_page_and_cleans_up() {
    if skip_requested() {
        eprintln!("browser tests skipped on request");
        return;
    }
    let port = serve_one_page();
    let b = Browser::launch().await.expect("launch headless chromium");
    let pid = b.driver_pid();
    b.goto(&format!("http://127.0.0.1:{port}/")).await.unwrap();
    assert_eq!(b.title().await.unwrap(), "Smoke");
    assert_eq!(
        b.find("#h").await.unwrap().text().await.unwrap(),
        "Hello & welcome"
    );
    b.fill("#q", "typed text").await.unwrap();
    let q = b.find("#q").await.unwrap();
    assert_eq!(q.attr("id").await.unwrap().as_deref(), Some("q"));
    let texts = {
        let mut v = Vec::new();
        for e in b.find_all("p.x").await.unwrap() {
            v.push(e.text().await.unwrap());
        }
        v
    };
    assert_eq!(texts, ["one", "two"]);
    b.click_and_wait("#next").await.unwrap();
    assert!(b.url().await.unwrap().ends_with("/next"));
    let missing = b.find("#nope").await.unwrap_err();
    assert!(missing.to_string().contains("no such element"), "{missing}");
    let shot = std::env::temp_dir().join(format!("browser_test_smoke_{pid}.png"));
    b.screenshot(&shot).await.unwrap();
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..4], b"\x89PNG");
    let _ = std::fs::remove_file(&shot);
    drop(b);
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}")).exists(),
        "chromedriver {pid} still running after drop"
    );
}
