class Controller {
    // ruleid: conformance.java.ellipsis-params
    String only(@RequestParam String q) {
        return q;
    }

    // ruleid: conformance.java.ellipsis-params
    String last(Model model, HttpServletRequest request, @RequestParam("q") String q) {
        return q;
    }

    // ruleid: conformance.java.ellipsis-params
    String middle(Model model, @RequestParam(value = "q", required = false) String q, int page) {
        return q;
    }

    // ok: conformance.java.ellipsis-params
    String none(Model model, @PathVariable String id) {
        return id;
    }

    // ok: conformance.java.ellipsis-params
    String call() {
        return find(1, 2);
    }
}
