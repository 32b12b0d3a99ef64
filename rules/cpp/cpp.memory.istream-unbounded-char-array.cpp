#include <iostream>
#include <iomanip>
#include <fstream>
#include <string>

void read_word() {
    char word[16];
    // ruleid: cpp.memory.istream-unbounded-char-array
    std::cin >> word;
    std::cout << word;
}

void read_nested(std::istream &in, bool verbose) {
    wchar_t wide[8];
    char name[32];
    if (verbose) {
        // ruleid: cpp.memory.istream-unbounded-char-array
        in >> name;
    }
    std::wcout << wide;
}

void read_with_width() {
    char word[16];
    std::cin.width(sizeof word);
    // ok: cpp.memory.istream-unbounded-char-array
    std::cin >> word;
}

void read_with_setw(std::ifstream &file) {
    char word[16];
    // ok: cpp.memory.istream-unbounded-char-array
    file >> std::setw(16) >> word;
}

void width_on_another_stream(std::istream &other) {
    char word[16];
    other.width(16);
    // ruleid: cpp.memory.istream-unbounded-char-array
    std::cin >> word;
}

void read_chained(std::istream &in) {
    int id = 0;
    char tag[4];
    // ruleid: cpp.memory.istream-unbounded-char-array
    in >> id >> tag;
}

void read_string_and_int() {
    std::string line;
    int count = 0;
    // ok: cpp.memory.istream-unbounded-char-array
    std::cin >> line;
    // ok: cpp.memory.istream-unbounded-char-array
    std::cin >> count;
}

unsigned shift(unsigned value) {
    unsigned bits[4] = {1, 2, 3, 4};
    // ok: cpp.memory.istream-unbounded-char-array
    return value >> bits[0];
}
