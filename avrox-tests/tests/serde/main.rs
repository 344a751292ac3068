mod gallery;
mod peers;
