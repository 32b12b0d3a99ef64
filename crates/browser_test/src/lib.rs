//! `browser_test` is test support for Ferret's browser tests: a deliberately small WebDriver
//! (W3C) client over `reqwest` and `serde_json` that launches `chromedriver` on a free loopback
//! port, opens one headless Chromium session, and offers just what page tests need: navigate,
//! find elements by CSS selector, type, click, read text and cookies, and save screenshots.
//! [`Browser`] owns the chromedriver process (in its own process group) and, when dropped, ends
//! the session and kills the whole group, so no browser outlives a test, even a failing one.
//!
//! A missing chromedriver is an error ([`BrowserError::NoDriver`]) rather than a silent skip;
//! callers may honour [`SKIP_ENV`] to skip on purpose.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

/// Setting this environment variable to `1` asks browser tests to skip themselves.
pub const SKIP_ENV: &str = "FERRET_SKIP_BROWSER_TESTS";

/// The W3C key for element references in WebDriver responses.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Errors of the WebDriver client.
#[derive(Debug, thiserror::Error)]
pub enum BrowserError {
    /// No chromedriver executable was found.
    #[error(
        "chromedriver not found (looked at $CHROMEDRIVER and PATH); install Debian's `chromium` and \
         `chromium-driver` packages, or set {SKIP_ENV}=1 to skip browser tests on purpose"
    )]
    NoDriver,
    /// A process or socket could not be set up.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The error.
        source: std::io::Error,
    },
    /// chromedriver did not answer its status endpoint.
    #[error("chromedriver did not become ready on port {port}")]
    NotReady {
        /// Its port.
        port: u16,
    },
    /// The HTTP exchange with chromedriver failed.
    #[error("webdriver transport: {0}")]
    Http(String),
    /// chromedriver answered with a WebDriver error.
    #[error("webdriver error {error}: {message}")]
    WebDriver {
        /// The W3C error code (`no such element`...).
        error: String,
        /// Its message.
        message: String,
    },
    /// An answer of an unexpected shape.
    #[error("unexpected webdriver answer: {0}")]
    Protocol(String),
}

/// Whether the caller asked to skip browser tests ([`SKIP_ENV`] is `1`).
pub fn skip_requested() -> bool {
    std::env::var(SKIP_ENV).is_ok_and(|v| v == "1")
}

/// The executable named by the environment variable's value `explicit` if that is a file, or
/// else the first of `names` found on the search path `path`.
fn locate(
    explicit: Option<std::ffi::OsString>,
    path: Option<std::ffi::OsString>,
    names: &[&str],
) -> Option<PathBuf> {
    explicit
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| {
            std::env::split_paths(&path?)
                .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
                .find(|p| p.is_file())
        })
}

fn free_port() -> Result<u16, BrowserError> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|source| BrowserError::Io {
        what: "binding a loopback port".into(),
        source,
    })?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|source| BrowserError::Io {
            what: "reading the loopback port".into(),
            source,
        })
}

/// A headless Chromium driven through chromedriver. Dropping it ends the browser.
#[derive(Debug)]
pub struct Browser {
    http: reqwest::Client,
    port: u16,
    session: String,
    driver: Child,
}

impl Browser {
    /// The process id of chromedriver (also its process group id).
    pub fn driver_pid(&self) -> u32 {
        self.driver.id()
    }
}

/// An element of the current page.
#[derive(Debug)]
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens a headless Chromium session
    /// (`--headless=new --no-sandbox --disable-gpu`, no proxy, 1280×1000 window).
    pub async fn launch() -> Result<Browser, BrowserError> {
        Browser::launch_with(None).await
    }

    /// Like [`Browser::launch`], saving downloads (without asking) into `download_dir`.
    pub async fn launch_with(download_dir: Option<&Path>) -> Result<Browser, BrowserError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let driver_path = locate(
            std::env::var_os("CHROMEDRIVER"),
            std::env::var_os("PATH"),
            &["chromedriver"],
        )
        .ok_or(BrowserError::NoDriver)?;
        let port = free_port()?;
        let mut cmd = Command::new(&driver_path);
        cmd.arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group, so that Drop can end chromedriver and every browser
            // process it started in one signal.
            cmd.process_group(0);
        }
        let driver = cmd.spawn().map_err(|source| BrowserError::Io {
            what: format!("starting {}", driver_path.display()),
            source,
        })?;
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| BrowserError::Http(e.to_string()))?;
        let mut browser = Browser {
            http,
            port,
            session: String::new(),
            driver,
        };
        browser.wait_ready().await?;
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-proxy-server",
            "--window-size=1280,1000",
            "--no-first-run",
        ];
        let mut options = json!({ "args": args });
        let binary = locate(
            std::env::var_os("CHROMIUM"),
            std::env::var_os("PATH"),
            &["chromium", "chromium-browser", "google-chrome"],
        );
        if let Some(b) = binary {
            options["binary"] = json!(b.display().to_string());
        }
        if let Some(dir) = download_dir {
            options["prefs"] = json!({
                "download.default_directory": dir.display().to_string(),
                "download.prompt_for_download": false,
                "download.directory_upgrade": true,
            });
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
        }}});
        let v = browser
            .call(reqwest::Method::POST, "/session", Some(caps))
            .await?;
        browser.session = v
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| BrowserError::Protocol(format!("no sessionId in {v}")))?
            .to_string();
        Ok(browser)
    }

    async fn wait_ready(&mut self) -> Result<(), BrowserError> {
        // chromedriver needs a moment to listen; poll its status a bounded number of times.
        for _ in 0..200 {
            if let Ok(Some(status)) = self.driver.try_wait() {
                return Err(BrowserError::Io {
                    what: "chromedriver".into(),
                    source: std::io::Error::other(format!("exited early with {status}")),
                });
            }
            if let Ok(v) = self.call(reqwest::Method::GET, "/status", None).await
                && v.get("ready").and_then(Value::as_bool) == Some(true)
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(BrowserError::NotReady { port: self.port })
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, BrowserError> {
        let url = format!("http://127.0.0.1:{}{path}", self.port);
        let mut req = self.http.request(method, url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| BrowserError::Http(e.to_string()))?;
        let v: Value = resp
            .json()
            .await
            .map_err(|e| BrowserError::Http(e.to_string()))?;
        let value = v.get("value").cloned().unwrap_or(Value::Null);
        if let Some(error) = value.get("error").and_then(Value::as_str) {
            return Err(BrowserError::WebDriver {
                error: error.to_string(),
                message: value
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            });
        }
        Ok(value)
    }

    async fn session_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, BrowserError> {
        self.call(method, &format!("/session/{}{path}", self.session), body)
            .await
    }

    /// Navigates to `url` and waits for the page to load.
    pub async fn goto(&self, url: &str) -> Result<(), BrowserError> {
        self.session_call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await
            .map(drop)
    }

    /// The current page's URL.
    pub async fn url(&self) -> Result<String, BrowserError> {
        let v = self
            .session_call(reqwest::Method::GET, "/url", None)
            .await?;
        as_string(v)
    }

    /// The current page's title.
    pub async fn title(&self) -> Result<String, BrowserError> {
        let v = self
            .session_call(reqwest::Method::GET, "/title", None)
            .await?;
        as_string(v)
    }

    /// The current page's HTML source.
    pub async fn source(&self) -> Result<String, BrowserError> {
        let v = self
            .session_call(reqwest::Method::GET, "/source", None)
            .await?;
        as_string(v)
    }

    /// The rendered text of the page body.
    pub async fn body_text(&self) -> Result<String, BrowserError> {
        self.find("body").await?.text().await
    }

    /// The first element matching a CSS selector.
    pub async fn find(&self, css: &str) -> Result<Element<'_>, BrowserError> {
        let v = self
            .session_call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await?;
        self.element(&v)
    }

    /// Every element matching a CSS selector, in document order.
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>, BrowserError> {
        let v = self
            .session_call(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await?;
        v.as_array()
            .ok_or_else(|| BrowserError::Protocol(format!("not a list: {v}")))?
            .iter()
            .map(|e| self.element(e))
            .collect()
    }

    fn element(&self, v: &Value) -> Result<Element<'_>, BrowserError> {
        let id = v
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .ok_or_else(|| BrowserError::Protocol(format!("not an element: {v}")))?;
        Ok(Element {
            browser: self,
            id: id.to_string(),
        })
    }

    /// Types `text` into the element matching `css` (after clearing it).
    pub async fn fill(&self, css: &str, text: &str) -> Result<(), BrowserError> {
        let e = self.find(css).await?;
        e.clear().await?;
        e.send_keys(text).await
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) -> Result<(), BrowserError> {
        self.find(css).await?.click().await
    }

    /// Clicks the element matching `css` and waits until that click has loaded a new page
    /// (for links and form submissions).
    pub async fn click_and_wait(&self, css: &str) -> Result<(), BrowserError> {
        self.find(css).await?.click_and_wait().await
    }

    /// Waits (a bounded number of polls) until the document is no longer the one whose root
    /// element is `before`.
    async fn wait_for_new_page(&self, before: &str) -> Result<(), BrowserError> {
        for _ in 0..400 {
            match self.find("html").await {
                Ok(e) if e.id != before => return Ok(()),
                _ => tokio::time::sleep(Duration::from_millis(25)).await,
            }
        }
        Err(BrowserError::Protocol(
            "no new page was loaded after the click".into(),
        ))
    }

    /// The cookies visible to the current page, as WebDriver cookie objects (`name`, `value`,
    /// `httpOnly`, `sameSite`, `path`, `expiry`...).
    pub async fn cookies(&self) -> Result<Vec<Value>, BrowserError> {
        let v = self
            .session_call(reqwest::Method::GET, "/cookie", None)
            .await?;
        v.as_array()
            .cloned()
            .ok_or_else(|| BrowserError::Protocol(format!("not a list: {v}")))
    }

    /// Saves a PNG screenshot of the viewport to `path` (creating its directory).
    pub async fn screenshot(&self, path: &Path) -> Result<(), BrowserError> {
        let v = self
            .session_call(reqwest::Method::GET, "/screenshot", None)
            .await?;
        let png = STANDARD
            .decode(as_string(v)?.as_bytes())
            .map_err(|e| BrowserError::Protocol(format!("screenshot is not base64: {e}")))?;
        let io = |source| BrowserError::Io {
            what: format!("writing {}", path.display()),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(path, png).map_err(io)
    }
}

fn as_string(v: Value) -> Result<String, BrowserError> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(BrowserError::Protocol(format!("not a string: {other}"))),
    }
}

impl<'a> Element<'a> {
    fn path(&self, what: &str) -> String {
        format!("/element/{}{what}", self.id)
    }

    /// The first element inside this one matching a CSS selector.
    pub async fn find(&self, css: &str) -> Result<Element<'a>, BrowserError> {
        let v = self
            .browser
            .session_call(
                reqwest::Method::POST,
                &self.path("/element"),
                Some(json!({"using": "css selector", "value": css})),
            )
            .await?;
        self.browser.element(&v)
    }

    /// Clicks it.
    pub async fn click(&self) -> Result<(), BrowserError> {
        self.browser
            .session_call(reqwest::Method::POST, &self.path("/click"), Some(json!({})))
            .await
            .map(drop)
    }

    /// Clicks it and waits until the click has loaded a new page.
    pub async fn click_and_wait(&self) -> Result<(), BrowserError> {
        let before = self.browser.find("html").await?.id;
        self.click().await?;
        self.browser.wait_for_new_page(&before).await
    }

    /// Clears a text input.
    pub async fn clear(&self) -> Result<(), BrowserError> {
        self.browser
            .session_call(reqwest::Method::POST, &self.path("/clear"), Some(json!({})))
            .await
            .map(drop)
    }

    /// Types text into it.
    pub async fn send_keys(&self, text: &str) -> Result<(), BrowserError> {
        self.browser
            .session_call(
                reqwest::Method::POST,
                &self.path("/value"),
                Some(json!({ "text": text })),
            )
            .await
            .map(drop)
    }

    /// Its rendered text.
    pub async fn text(&self) -> Result<String, BrowserError> {
        let v = self
            .browser
            .session_call(reqwest::Method::GET, &self.path("/text"), None)
            .await?;
        as_string(v)
    }

    /// The value of one of its attributes, if present.
    pub async fn attr(&self, name: &str) -> Result<Option<String>, BrowserError> {
        let v = self
            .browser
            .session_call(
                reqwest::Method::GET,
                &self.path(&format!("/attribute/{name}")),
                None,
            )
            .await?;
        Ok(v.as_str().map(str::to_string))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // End the session politely (chromedriver then closes Chromium), with a plain blocking
        // request since Drop cannot await; then kill the whole process group regardless.
        if !self.session.is_empty() {
            let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
            if let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
                let req = format!(
                    "DELETE /session/{} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                    self.session, self.port
                );
                if s.write_all(req.as_bytes()).is_ok() {
                    let mut sink = Vec::new();
                    let _ = s.read_to_end(&mut sink);
                }
            }
        }
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg("--")
                .arg(format!("-{}", self.driver.id()))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_executables_or_reports_no_driver() {
        let dir = std::env::temp_dir().join(format!("browser_test_locate_{}", std::process::id()));
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let driver = bin.join("chromedriver");
        std::fs::write(&driver, "").unwrap();
        let path = Some(bin.clone().into_os_string());
        assert_eq!(
            locate(None, path.clone(), &["chromedriver"]),
            Some(driver.clone())
        );
        // An explicit file wins; an explicit path that is not a file falls back to the search.
        let other = dir.join("other-driver");
        std::fs::write(&other, "").unwrap();
        assert_eq!(
            locate(
                Some(other.clone().into_os_string()),
                path.clone(),
                &["chromedriver"]
            ),
            Some(other)
        );
        assert_eq!(
            locate(
                Some(dir.join("nope").into_os_string()),
                path,
                &["chromedriver"]
            ),
            Some(driver)
        );
        let empty = Some(dir.join("empty").into_os_string());
        assert_eq!(locate(None, empty, &["chromedriver"]), None);
        assert_eq!(locate(None, None, &["chromedriver"]), None);
        let _ = std::fs::remove_dir_all(&dir);
        // The error names the packages and the way to skip on purpose.
        let msg = BrowserError::NoDriver.to_string();
        assert!(
            msg.contains("chromium-driver") && msg.contains(SKIP_ENV),
            "{msg}"
        );
    }
}
