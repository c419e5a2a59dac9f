// Marks one version requirement (e.g. GLIBCXX_3.4.32) in an ELF64 shared library's .gnu.version_r as weak
// (VER_FLG_WEAK), so the dynamic loader no longer refuses to load it when the providing library is older.
// patchelf (Debian 12's 0.14) can clear a symbol's version but cannot change the requirement's flags.
// Usage: mark_version_weak <file.so> <version-name>. Exit 0 when marked or already weak, 3 when not required.
#include <elf.h>
#include <cstdio>
#include <cstring>
#include <vector>

int main(int argc, char** argv)
{
    if (argc != 3) { std::fprintf(stderr, "usage: %s <file.so> <version>\n", argv[0]); return 2; }
    std::FILE* f = std::fopen(argv[1], "r+b");
    if (!f) { std::perror(argv[1]); return 1; }
    std::fseek(f, 0, SEEK_END);
    long size = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    std::vector<unsigned char> data(static_cast<size_t>(size));
    if (std::fread(data.data(), 1, data.size(), f) != data.size()) { std::perror("read"); return 1; }

    auto* eh = reinterpret_cast<Elf64_Ehdr*>(data.data());
    if (size < (long)sizeof(Elf64_Ehdr) || std::memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64)
    { std::fprintf(stderr, "%s: not an ELF64 file\n", argv[1]); return 1; }
    auto* sh = reinterpret_cast<Elf64_Shdr*>(data.data() + eh->e_shoff);
    int marked = 0;
    for (int i = 0; i < eh->e_shnum; i++)
    {
        if (sh[i].sh_type != SHT_GNU_verneed) continue;
        const char* strtab = reinterpret_cast<const char*>(data.data() + sh[sh[i].sh_link].sh_offset);
        size_t off = sh[i].sh_offset;
        for (;;)
        {
            auto* vn = reinterpret_cast<Elf64_Verneed*>(data.data() + off);
            size_t aoff = off + vn->vn_aux;
            for (int a = 0; a < vn->vn_cnt; a++)
            {
                auto* va = reinterpret_cast<Elf64_Vernaux*>(data.data() + aoff);
                if (std::strcmp(strtab + va->vna_name, argv[2]) == 0)
                {
                    if (!(va->vna_flags & VER_FLG_WEAK))
                    {
                        va->vna_flags |= VER_FLG_WEAK;
                        std::fseek(f, static_cast<long>(aoff), SEEK_SET);
                        std::fwrite(va, sizeof(Elf64_Vernaux), 1, f);
                    }
                    marked++;
                }
                if (va->vna_next == 0) break;
                aoff += va->vna_next;
            }
            if (vn->vn_next == 0) break;
            off += vn->vn_next;
        }
    }
    std::fclose(f);
    return marked > 0 ? 0 : 3;
}
