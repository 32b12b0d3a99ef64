import android.webkit.WebView

fun setup(webView: WebView) {
    // ruleid: kotlin.config.webview-file-access
    webView.settings.allowUniversalAccessFromFileURLs = true
    // ruleid: kotlin.config.webview-file-access
    webView.settings.setAllowFileAccessFromFileURLs(true)
    // ok: kotlin.config.webview-file-access
    webView.settings.allowFileAccessFromFileURLs = false
    // ok: kotlin.config.webview-file-access
    webView.settings.javaScriptEnabled = true
}
