public class RegexTodoOwner {
    // ruleid: conformance.java.regex-todo-owner
    // FIXME(alice): remove this
    int a;
    // ok: conformance.java.regex-todo-owner
    // FIXME: no owner
    int b;
    // ok: conformance.java.regex-todo-owner
    // FIXME() empty owner
    int c;
    // ruleid: conformance.java.regex-todo-owner
    String note = "FIXME(bob)";
}
