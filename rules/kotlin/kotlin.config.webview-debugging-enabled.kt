import android.webkit.WebView

fun init() {
    // ruleid: kotlin.config.webview-debugging-enabled
    WebView.setWebContentsDebuggingEnabled(true)
    if (BuildConfig.DEBUG) {
        // ok: kotlin.config.webview-debugging-enabled
        WebView.setWebContentsDebuggingEnabled(true)
    }
    // ok: kotlin.config.webview-debugging-enabled
    WebView.setWebContentsDebuggingEnabled(BuildConfig.DEBUG)
}

fun other() {
    // ruleid: kotlin.config.webview-debugging-enabled
    WebView.setWebContentsDebuggingEnabled(true)
}
