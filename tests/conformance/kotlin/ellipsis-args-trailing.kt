import java.util.Properties

fun conf(props: Properties, value: String) {
    // ruleid: conformance.kotlin.ellipsis-args-trailing
    props.setProperty("debug", "true")
    // ruleid: conformance.kotlin.ellipsis-args-trailing
    System.setProperty("trace", "true")
    // ok: conformance.kotlin.ellipsis-args-trailing
    props.setProperty("debug", "false")
    // ok: conformance.kotlin.ellipsis-args-trailing
    props.setProperty("true", value)
}
