import android.content.Context

fun store(context: Context, token: String) {
    // ruleid: kotlin.config.world-accessible-file-mode
    val prefs = context.getSharedPreferences("session", Context.MODE_WORLD_READABLE)
    // ruleid: kotlin.config.world-accessible-file-mode
    context.openFileOutput("token.txt", Context.MODE_WORLD_WRITEABLE).use { it.write(token.toByteArray()) }
    // ok: kotlin.config.world-accessible-file-mode
    val safe = context.getSharedPreferences("session", Context.MODE_PRIVATE)
    // ok: kotlin.config.world-accessible-file-mode
    context.openFileOutput("token.txt", Context.MODE_PRIVATE).use { it.write(token.toByteArray()) }
}
