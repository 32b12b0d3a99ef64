// ruleid: conformance.cpp.regex-pragma-warning
#pragma warning(disable: 4996)
// ruleid: conformance.cpp.regex-pragma-warning
#pragma warning(disable:4244)
// ok: conformance.cpp.regex-pragma-warning
#pragma once
// ok: conformance.cpp.regex-pragma-warning
#pragma warning(push)

int main() {
    return 0;
}
